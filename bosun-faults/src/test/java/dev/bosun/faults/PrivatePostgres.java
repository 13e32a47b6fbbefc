package dev.bosun.faults;

import dev.bosun.tck.ExternalServices;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own: {@code initdb} into a temporary directory, run as the
 * {@code postgres} user with {@code runuser} (PostgreSQL refuses to run as root), listening on a
 * free port on 127.0.0.1 only, trust authentication, database {@code faults}. {@link #stop()} and
 * {@link #start()} make a real outage; {@link #close()} stops it and deletes the directory. Never
 * the machine's shared cluster.
 */
final class PrivatePostgres implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;

  PrivatePostgres() throws IOException {
    this.bin = findBin();
    this.port = freePort();
    this.dir = Files.createTempDirectory("bosun-faults-pg");
    run("chown", "postgres:postgres", dir.toString());
    asPostgres(
        bin.resolve("initdb").toString(),
        "-D",
        data(),
        "-U",
        "postgres",
        "-A",
        "trust",
        "--no-sync",
        "-E",
        "UTF8");
    start();
    asPostgres(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", "" + port, "faults");
  }

  int port() {
    return port;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/faults?user=postgres";
  }

  void start() throws IOException {
    asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off",
        "start");
  }

  void stop() throws IOException {
    asPostgres(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop");
  }

  @Override
  public void close() throws IOException {
    try {
      if (Files.exists(Path.of(data(), "postmaster.pid"))) {
        stop();
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private static Path findBin() {
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    Path found = null;
    if (versions != null) {
      found =
          Arrays.stream(versions)
              .map(v -> v.toPath().resolve("bin"))
              .filter(b -> b.resolve("initdb").toFile().canExecute())
              .max(
                  Comparator.comparing(
                      b -> Integer.parseInt(b.getParent().getFileName().toString())))
              .orElse(null);
    }
    String missing =
        "PostgreSQL server binaries (initdb, pg_ctl) are not installed under /usr/lib/postgresql"
            + " (apt-get install postgresql); this scenario starts a cluster of its own";
    if (found == null && ExternalServices.required()) {
      throw new IllegalStateException(missing + ", and BOSUN_REQUIRE_SERVICES=1");
    }
    Assumptions.assumeTrue(found != null, missing);
    return found;
  }

  private static void asPostgres(String... command) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    cmd.addAll(List.of(command));
    run(cmd.toArray(String[]::new));
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
