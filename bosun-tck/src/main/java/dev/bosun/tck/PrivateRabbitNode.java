package dev.bosun.tck;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A RabbitMQ node of the test's own, on its own ports and data directory, so a test can stop, kill
 * and start a broker without touching the machine's shared one, or listen with TLS ({@link
 * #withTls}); {@link #close()} stops it and deletes its directory. Skips the test when
 * rabbitmq-server is not installed (fails it with BOSUN_REQUIRE_SERVICES=1). Debian's {@code
 * rabbitmq-server} drops to the {@code rabbitmq} user, so the data directory is handed to that
 * user.
 */
public final class PrivateRabbitNode implements AutoCloseable {
  private final String nodeName =
      "bosuntest" + UUID.randomUUID().toString().substring(0, 6) + "@localhost";
  private final Path dir;
  private final int port;
  private final int distPort;
  private final int tlsPort;
  private @Nullable Process process;

  public PrivateRabbitNode() throws IOException {
    this(null);
  }

  private PrivateRabbitNode(@Nullable TestCertificates pki) throws IOException {
    ExternalServices.assumePresent(
        "rabbitmq-server (/usr/sbin/rabbitmq-server, /usr/sbin/rabbitmqctl)",
        new File("/usr/sbin/rabbitmq-server").canExecute()
            && new File("/usr/sbin/rabbitmqctl").canExecute(),
        "apt-get install rabbitmq-server");
    ExternalServices.assumePresent(
        "root (the node's files are handed to the rabbitmq user, which only root can do)",
        "root".equals(System.getProperty("user.name")),
        "run the tests as root, as CI does");
    port = freePort();
    distPort = freePort();
    tlsPort = pki == null ? 0 : freePort();
    dir = Files.createTempDirectory("bosun-rabbit-node");
    StringBuilder conf =
        new StringBuilder(
            "listeners.tcp.local = 127.0.0.1:" + port + "\nloopback_users.guest = true\n");
    String plugins = "[]";
    if (pki != null) {
      Path tls = Files.createDirectory(dir.resolve("tls"));
      Files.copy(pki.caCert(), tls.resolve("ca.pem"));
      Files.copy(pki.serverCert(), tls.resolve("server.pem"));
      Files.copy(pki.serverKey(), tls.resolve("server.key"));
      conf.append("listeners.ssl.default = 127.0.0.1:")
          .append(tlsPort)
          .append("\nssl_options.cacertfile = ")
          .append(tls.resolve("ca.pem"))
          .append("\nssl_options.certfile = ")
          .append(tls.resolve("server.pem"))
          .append("\nssl_options.keyfile = ")
          .append(tls.resolve("server.key"))
          // a client certificate is checked when one is offered, and needed only for EXTERNAL
          .append("\nssl_options.verify = verify_peer")
          .append("\nssl_options.fail_if_no_peer_cert = false")
          .append("\nauth_mechanisms.1 = PLAIN\nauth_mechanisms.2 = AMQPLAIN")
          .append("\nauth_mechanisms.3 = EXTERNAL\nssl_cert_login_from = common_name\n");
      plugins = "[rabbitmq_auth_mechanism_ssl]";
    }
    Files.writeString(dir.resolve("rabbitmq.conf"), conf);
    Files.writeString(dir.resolve("enabled_plugins"), plugins + ".\n");
    run("chown", "-R", "rabbitmq:rabbitmq", dir.toString());
  }

  /**
   * A node that also listens with TLS on {@link #tlsPort()}, presenting {@code pki}'s server
   * certificate, checking client certificates against {@code pki}'s CA when a client offers one,
   * and offering EXTERNAL (user name: the client certificate's common name) beside PLAIN and
   * AMQPLAIN.
   */
  public static PrivateRabbitNode withTls(TestCertificates pki) throws IOException {
    return new PrivateRabbitNode(pki);
  }

  /** The TLS listener's port; only for {@link #withTls}. */
  public int tlsPort() {
    if (tlsPort == 0) {
      throw new IllegalStateException("this node has no TLS listener; make it with withTls");
    }
    return tlsPort;
  }

  /**
   * Adds {@code user} with a random password nobody knows and every permission on vhost {@code /}:
   * a user that can only log in with EXTERNAL.
   */
  public void addCertificateUser(String user) throws IOException {
    run("/usr/sbin/rabbitmqctl", "-n", nodeName, "add_user", user, UUID.randomUUID().toString());
    run(
        "/usr/sbin/rabbitmqctl",
        "-n",
        nodeName,
        "set_permissions",
        "-p",
        "/",
        user,
        ".*",
        ".*",
        ".*");
  }

  public int port() {
    return port;
  }

  public void start() throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder("/usr/sbin/rabbitmq-server")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()));
    Map<String, String> env = pb.environment();
    env.put("RABBITMQ_NODENAME", nodeName);
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("pid").toString());
    Process started = pb.start();
    process = started;
    await("node " + nodeName + " accepting AMQP on port " + port + " (see " + dir + "/server.out)")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!started.isAlive()) {
                throw new IllegalStateException(
                    "rabbitmq-server exited: " + Files.readString(dir.resolve("server.out")));
              }
              return reachable(port) && (tlsPort == 0 || reachable(tlsPort));
            });
  }

  public void stop() throws IOException {
    run("/usr/sbin/rabbitmqctl", "-n", nodeName, "stop");
    if (process != null) {
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  /**
   * Kills the node's Erlang VM with SIGKILL (no shutdown, nothing flushed but what RabbitMQ already
   * wrote) and waits until it is gone; {@link #start()} starts it again on the same data.
   */
  public void kill9() throws IOException {
    long pid = Long.parseLong(Files.readString(dir.resolve("pid")).trim());
    run("kill", "-9", Long.toString(pid));
    await("beam pid " + pid + " gone")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    if (process != null) {
      try {
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (process != null && process.isAlive()) {
        stop();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static boolean reachable(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * One line per AMQP connection to this node: whether it uses TLS, the TLS version and the user,
   * tab-separated, as {@code rabbitmqctl list_connections ssl ssl_protocol user} prints them.
   */
  public String connections() throws IOException {
    return run(
        "/usr/sbin/rabbitmqctl",
        "-n",
        nodeName,
        "list_connections",
        "--silent",
        "ssl",
        "ssl_protocol",
        "user");
  }

  private static String run(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
