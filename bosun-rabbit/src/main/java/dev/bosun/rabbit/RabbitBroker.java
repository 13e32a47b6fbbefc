package dev.bosun.rabbit;

import java.util.Objects;

/**
 * One RabbitMQ broker address with its credentials, as one host of a {@code transport_url}. The
 * password never appears in {@link #toString()}.
 */
public record RabbitBroker(String host, int port, String username, String password) {
  /** The AMQP port, used when a URL names none. */
  public static final int DEFAULT_PORT = 5672;

  public RabbitBroker {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be in 1..65535, found " + port);
    }
  }

  /** {@code guest:guest@host:port}, RabbitMQ's default account. */
  public static RabbitBroker guest(String host, int port) {
    return new RabbitBroker(host, port, "guest", "guest");
  }

  /** {@code host:port}, with IPv6 literals in brackets. */
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return username + ":***@" + address();
  }
}
