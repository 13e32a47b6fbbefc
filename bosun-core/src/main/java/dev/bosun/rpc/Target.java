package dev.bosun.rpc;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an RPC message goes, and which API it speaks: oslo.messaging's {@code Target}.
 *
 * <ul>
 *   <li>{@code exchange}: the topic exchange; empty means the transport's {@code control_exchange}
 *       (oslo's default {@code openstack}). Ignored for fanout.
 *   <li>{@code topic}: the service topic, for example {@code volume}; required.
 *   <li>{@code server}: one server of the topic ({@code <topic>.<server>}); empty means any server.
 *       An {@link RpcServer} needs it. Ignored for fanout.
 *   <li>{@code fanout}: a cast to every server of the topic. A call cannot be fanout.
 *   <li>{@code namespace}: the endpoint namespace; empty is oslo's {@code None}.
 *   <li>{@code version}: the API version a client requests or an endpoint implements; empty sends
 *       no {@code version} and the server assumes {@code 1.0}.
 * </ul>
 *
 * <p>Build with {@link #topic(String)} and the {@code with...} methods: {@code
 * Target.topic("volume").withServer("host1").withVersion("1.3")}.
 */
public record Target(
    Optional<String> exchange,
    String topic,
    Optional<String> server,
    boolean fanout,
    Optional<String> namespace,
    Optional<String> version) {

  public Target {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(version, "version");
    requireName(topic, "topic");
    exchange.ifPresent(value -> requireName(value, "exchange"));
    server.ifPresent(value -> requireName(value, "server"));
    namespace.ifPresent(value -> requireName(value, "namespace"));
    version.ifPresent(Version::parse);
  }

  /** A target for any server of {@code topic}, with no namespace and no version. */
  public static Target topic(String topic) {
    return new Target(
        Optional.empty(), topic, Optional.empty(), false, Optional.empty(), Optional.empty());
  }

  public Target withTopic(String value) {
    return new Target(exchange, value, server, fanout, namespace, version);
  }

  public Target withExchange(String value) {
    return new Target(Optional.of(value), topic, server, fanout, namespace, version);
  }

  public Target withServer(String value) {
    return new Target(exchange, topic, Optional.of(value), fanout, namespace, version);
  }

  /** The same target addressed to any server of the topic. */
  public Target withAnyServer() {
    return new Target(exchange, topic, Optional.empty(), fanout, namespace, version);
  }

  public Target withFanout(boolean value) {
    return new Target(exchange, topic, server, value, namespace, version);
  }

  public Target withNamespace(String value) {
    return new Target(exchange, topic, server, fanout, Optional.of(value), version);
  }

  /** The same target without a namespace (oslo's {@code None}). */
  public Target withoutNamespace() {
    return new Target(exchange, topic, server, fanout, Optional.empty(), version);
  }

  /**
   * This target with the version {@code value}.
   *
   * @throws IllegalArgumentException when {@code value} is not an RPC version
   */
  public Target withVersion(String value) {
    return new Target(exchange, topic, server, fanout, namespace, Optional.of(value));
  }

  /** The same target without a version: requests carry no {@code version}. */
  public Target withoutVersion() {
    return new Target(exchange, topic, server, fanout, namespace, Optional.empty());
  }

  /** The routing key a request to this target uses: {@code <topic>} or {@code <topic>.<server>}. */
  public String routingKey() {
    return server.map(name -> topic + "." + name).orElse(topic);
  }

  /** For logs and errors: {@code topic 'volume' server 'host1'} and so on. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("topic '").append(topic).append('\'');
    if (fanout) {
      text.append(" (fanout)");
    } else {
      server.ifPresent(name -> text.append(" server '").append(name).append('\''));
      exchange.ifPresent(name -> text.append(" exchange '").append(name).append('\''));
    }
    namespace.ifPresent(name -> text.append(" namespace '").append(name).append('\''));
    version.ifPresent(name -> text.append(" version ").append(name));
    return text.toString();
  }

  private static void requireName(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          "Target " + what + " must not be blank, found '" + value + "'");
    }
  }
}
