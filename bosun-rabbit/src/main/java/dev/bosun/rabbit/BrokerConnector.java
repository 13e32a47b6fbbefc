package dev.bosun.rabbit;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.ExceptionHandler;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import dev.bosun.transport.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens AMQP connections to the first broker of the list that answers, in order, each with its own
 * credentials (oslo allows a user per host). Automatic recovery of amqp-client is off: the
 * publisher and the consumers reconnect themselves (see {@link Publisher}, {@link Consumers}).
 */
final class BrokerConnector {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  static final int PROBE_TIMEOUT_MILLIS = 250;

  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnector.class);

  /**
   * amqp-client logs a WARN of its own ("An unexpected connection driver error occurred") each time
   * a connection breaks, also after every refused login; the publisher and consumers already log
   * each loss once, with the broker and what happens next, so these go to DEBUG. Everything else
   * keeps amqp-client's handling.
   */
  private static final ExceptionHandler QUIET_DRIVER_ERRORS =
      new ForgivingExceptionHandler() {
        @Override
        public void handleUnexpectedConnectionDriverException(Connection conn, Throwable e) {
          LOG.debug("amqp-client: connection driver error on {}", conn, e);
        }
      };

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
      f.setExceptionHandler(QUIET_DRIVER_ERRORS);
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
    int refused = 0;
    List<RabbitBroker> authRefused = new ArrayList<>();
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
      } catch (PossibleAuthenticationFailureException e) {
        authRefused.add(broker);
        failures.add(
            broker.address()
                + ": refused the credentials of user '"
                + broker.username()
                + "' ("
                + describe(e)
                + ")"
                + tlsHint(e, broker));
      } catch (IOException | TimeoutException | RuntimeException e) {
        if (rootCause(e) instanceof ConnectException) {
          refused++;
        }
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
        String.join("; ", failures),
        refused == brokers.size(),
        authRefused);
  }

  /**
   * Whether a broker of the list accepts a TCP connection now: a cheap probe (no AMQP handshake, at
   * most {@value #PROBE_TIMEOUT_MILLIS} ms per broker) used while every broker refuses connections,
   * so that the reconnection does not sleep through the moment a restarted broker starts listening.
   */
  boolean anyAccepting() {
    for (RabbitBroker broker : brokers) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(broker.host(), broker.port()), PROBE_TIMEOUT_MILLIS);
        return true;
      } catch (IOException | RuntimeException e) {
        // not listening (yet)
      }
    }
    return false;
  }

  int brokerCount() {
    return brokers.size();
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

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
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

  /**
   * No broker accepted a connection; {@link #reasons()} is one {@code address: why} per broker,
   * {@link #allRefused()} whether every broker refused the TCP connection (nothing listening: an
   * outage), {@link #authRefused()} the brokers that answered but refused the credentials (not an
   * outage: a configuration error).
   */
  static final class ConnectFailure extends TransportException {
    private static final long serialVersionUID = 1L;
    private final String reasons;
    private final boolean allRefused;
    private final transient List<RabbitBroker> authRefused;

    ConnectFailure(
        String message, String reasons, boolean allRefused, List<RabbitBroker> authRefused) {
      super(message);
      this.reasons = reasons;
      this.allRefused = allRefused;
      this.authRefused = List.copyOf(authRefused);
    }

    String reasons() {
      return reasons;
    }

    boolean allRefused() {
      return allRefused;
    }

    /** True when no broker could be reached but to refuse the credentials. */
    boolean onlyAuthRefused(int brokerCount) {
      return authRefused.size() == brokerCount;
    }

    List<RabbitBroker> authRefused() {
      return authRefused;
    }
  }

  /** A connection and the broker it reached. */
  record Connected(Connection connection, RabbitBroker broker) {}
}
