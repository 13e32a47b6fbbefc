package dev.bosun.rabbit;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import dev.bosun.transport.TransportException;
import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Opens AMQP connections to the first broker of the list that answers, in order, each with its own
 * credentials (oslo allows a user per host). Automatic recovery of amqp-client is off: the
 * publisher and the consumers reconnect themselves (see {@link Publisher}, {@link Consumers}).
 */
final class BrokerConnector {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final List<RabbitBroker> brokers;
  private final String virtualHost;
  private final String connectionName;
  private final List<ConnectionFactory> factories = new ArrayList<>();
  private final RabbitOptions options;

  BrokerConnector(
      List<RabbitBroker> brokers,
      String virtualHost,
      RabbitOptions options,
      String connectionName) {
    if (brokers.isEmpty()) {
      throw new IllegalArgumentException("at least one broker is needed, found none");
    }
    this.brokers = List.copyOf(brokers);
    this.virtualHost = virtualHost;
    this.connectionName = connectionName;
    this.options = options;
    SSLContext ssl = options.ssl() ? PemTls.context(options) : null;
    for (RabbitBroker broker : this.brokers) {
      ConnectionFactory f = new ConnectionFactory();
      f.setHost(broker.host());
      f.setPort(broker.port());
      f.setUsername(broker.username());
      f.setPassword(broker.password());
      f.setVirtualHost(virtualHost);
      f.setAutomaticRecoveryEnabled(false);
      f.setTopologyRecoveryEnabled(false);
      f.setRequestedHeartbeat(options.heartbeatTimeoutThreshold());
      f.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
      f.setThreadFactory(platformThreads("bosun-rabbit-" + connectionName));
      if (ssl != null) {
        // not useSslProtocol(ssl): amqp-client then checks the host name whatever the option says
        f.setSocketFactory(ssl.getSocketFactory());
        if (options.sslEnforceHostnameVerification()) {
          f.enableHostnameVerification();
        }
        if (options.rabbitLoginMethod().equals("EXTERNAL")) {
          f.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        }
      }
      factories.add(f);
    }
  }

  /** An open connection to the first broker that accepts one. */
  Connected open(String purpose) {
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < factories.size(); i++) {
      RabbitBroker broker = brokers.get(i);
      try {
        ConnectionFactory f = factories.get(i);
        Connection c =
            f.newConnection(
                connectionName
                    + ":"
                    + ProcessHandle.current().pid()
                    + ":"
                    + UUID.randomUUID()
                    + ":"
                    + purpose);
        return new Connected(c, broker);
      } catch (IOException | TimeoutException | RuntimeException e) {
        failures.add(broker.address() + ": " + describe(e) + tlsHint(e, broker));
      }
    }
    throw new ConnectFailure(
        "Cannot connect to RabbitMQ ("
            + describeBrokers()
            + ", vhost "
            + virtualHost
            + ") for "
            + purpose
            + ": "
            + String.join("; ", failures),
        String.join("; ", failures));
  }

  String describeBrokers() {
    return brokers.stream().map(RabbitBroker::toString).collect(Collectors.joining(","));
  }

  /** {@code host:port} of every broker, in order, without credentials. */
  String addresses() {
    return brokers.stream().map(RabbitBroker::address).collect(Collectors.joining(","));
  }

  String virtualHost() {
    return virtualHost;
  }

  /** What to check when {@code e} is a failed TLS handshake, else empty. */
  private String tlsHint(Throwable e, RabbitBroker broker) {
    if (!options.ssl()) {
      return "";
    }
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof AuthenticationFailureException
          && options.rabbitLoginMethod().equals("EXTERNAL")) {
        return " (with rabbit_login_method = EXTERNAL the broker takes the user from the client"
            + " certificate: check that ssl_cert_file '"
            + options.sslCertFile()
            + "' is signed by a CA the broker trusts (the JVM sends no certificate the broker"
            + " did not ask for), and that the broker has a user of its name)";
      }
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return " (the broker's certificate is not signed by a CA that ssl_ca_file "
            + (options.sslCaFile().isEmpty()
                ? "names: it is empty, so the JVM's default trust store was used"
                : "'" + options.sslCaFile() + "' holds")
            + ")";
      }
      String message = String.valueOf(t.getMessage());
      if (t instanceof CertificateException
          && (message.contains("subject alternative") || message.contains("No name matching"))) {
        return " (the broker's certificate does not name the host '"
            + broker.host()
            + "' of transport_url: connect by a name the certificate carries, or have the"
            + " certificate reissued with this one; ssl_enforce_hostname_verification is true)";
      }
      if (t instanceof SSLException && message.contains("Received fatal alert")) {
        return " (the broker refused the TLS handshake: check that ssl_cert_file is signed by a CA"
            + " the broker trusts, and ssl_version)";
      }
    }
    return "";
  }

  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static ThreadFactory platformThreads(String prefix) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** No broker accepted a connection; {@link #reasons()} is one {@code address: why} per broker. */
  static final class ConnectFailure extends TransportException {
    private static final long serialVersionUID = 1L;
    private final String reasons;

    ConnectFailure(String message, String reasons) {
      super(message);
      this.reasons = reasons;
    }

    String reasons() {
      return reasons;
    }
  }

  /** A connection and the broker it reached. */
  record Connected(Connection connection, RabbitBroker broker) {}
}
