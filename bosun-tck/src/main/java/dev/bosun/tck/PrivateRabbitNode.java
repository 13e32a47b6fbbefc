package dev.bosun.tck;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
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
import org.junit.jupiter.api.Assumptions;

/**
 * A RabbitMQ node of the test's own, on its own ports and data directory, so a test can stop, kill
 * and start a broker without touching the machine's shared one; {@link #close()} stops it and
 * deletes its directory. Skips the test when rabbitmq-server is not installed (fails it with
 * BOSUN_REQUIRE_SERVICES=1). Debian's {@code rabbitmq-server} drops to the {@code rabbitmq} user,
 * so the data directory is handed to that user.
 */
public final class PrivateRabbitNode implements AutoCloseable {
  private final String nodeName =
      "bosuntest" + UUID.randomUUID().toString().substring(0, 6) + "@localhost";
  private final Path dir;
  private final int port;
  private final int distPort;
  private Process process;

  public PrivateRabbitNode() throws IOException {
    boolean installed =
        new File("/usr/sbin/rabbitmq-server").canExecute()
            && new File("/usr/sbin/rabbitmqctl").canExecute();
    String missing =
        "rabbitmq-server is not installed here (apt-get install rabbitmq-server); this test starts"
            + " a RabbitMQ node of its own";
    if (ExternalServices.required() && !installed) {
      throw new IllegalStateException(missing + ", and BOSUN_REQUIRE_SERVICES=1");
    }
    Assumptions.assumeTrue(installed, missing);
    port = freePort();
    distPort = freePort();
    dir = Files.createTempDirectory("bosun-rabbit-node");
    Files.writeString(
        dir.resolve("rabbitmq.conf"),
        "listeners.tcp.local = 127.0.0.1:" + port + "\nloopback_users.guest = true\n");
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    run("chown", "-R", "rabbitmq:rabbitmq", dir.toString());
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
    process = pb.start();
    await("node " + nodeName + " accepting AMQP on port " + port + " (see " + dir + "/server.out)")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "rabbitmq-server exited: " + Files.readString(dir.resolve("server.out")));
              }
              return reachable();
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

  private boolean reachable() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
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

  private static void run(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
