package dev.bosun.db;

import dev.bosun.tck.ExternalServices;
import dev.bosun.tck.TestCertificates;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own: {@code initdb} into a temporary directory, listening on
 * 127.0.0.1 on a free port with TLS only ({@code hostssl}; plain connections are rejected), with
 * the server certificate and key of a {@link TestCertificates}. PostgreSQL refuses to run as root,
 * so the cluster runs as the {@code postgres} user (through {@code runuser}) and its directory is
 * handed to that user. {@link #close()} stops it and removes the directory.
 */
final class PrivatePostgresCluster implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final Path data;
  private final int port;
  private boolean started;

  private PrivatePostgresCluster(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
  }

  /**
   * Creates and starts the cluster, presenting {@code pki}'s server certificate. Skips the test
   * (fails it with {@code BOSUN_REQUIRE_SERVICES=1}) when the PostgreSQL server binaries, runuser
   * or the postgres user are missing, or the tests do not run as root.
   */
  static PrivatePostgresCluster startWithTls(TestCertificates pki) throws IOException {
    Optional<Path> bin = serverBinaries();
    ExternalServices.assumePresent(
        "the PostgreSQL server (/usr/lib/postgresql/<version>/bin/initdb and pg_ctl)",
        bin.isPresent(),
        "apt-get install postgresql");
    ExternalServices.assumePresent(
        "root and runuser (PostgreSQL runs as the postgres user, which only root can switch to)",
        "root".equals(System.getProperty("user.name"))
            && new File("/usr/sbin/runuser").canExecute(),
        "run the tests as root, as CI does");
    Path dir =
        Files.createTempDirectory(
            "bosun-pg",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    PrivatePostgresCluster cluster = new PrivatePostgresCluster(bin.get(), dir, freePort());
    try {
      cluster.init(pki);
      cluster.start();
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  private void init(TestCertificates pki) throws IOException {
    run("chown", "postgres:postgres", dir.toString());
    asPostgres(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync");
    Path cert = data.resolve("server.crt");
    Path key = data.resolve("server.key");
    Files.copy(pki.serverCert(), cert);
    Files.copy(pki.serverKey(), key);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    run("chown", "postgres:postgres", cert.toString(), key.toString());
    Files.writeString(
        data.resolve("pg_hba.conf"),
        "local all all trust\n"
            + "hostssl all all 127.0.0.1/32 trust\n"
            + "hostnossl all all 127.0.0.1/32 reject\n");
    Files.writeString(
        data.resolve("postgresql.conf"),
        "\nlisten_addresses = '127.0.0.1'\n"
            + "port = "
            + port
            + "\nunix_socket_directories = '"
            + dir
            + "'\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
            + "fsync = off\nmax_connections = 20\nshared_buffers = 16MB\n",
        java.nio.file.StandardOpenOption.APPEND);
  }

  private void start() throws IOException {
    started = true;
    asPostgres(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "start");
  }

  /** Stops the cluster and removes its directory; idempotent. */
  @Override
  public void close() throws IOException {
    try {
      if (started) {
        started = false;
        asPostgres(
            bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
      }
    } finally {
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  /** The bin directory of the newest PostgreSQL server installed, if any. */
  private static Optional<Path> serverBinaries() {
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions == null) {
      return Optional.empty();
    }
    return Arrays.stream(versions)
        .map(v -> v.toPath().resolve("bin"))
        .filter(
            b ->
                b.resolve("initdb").toFile().canExecute()
                    && b.resolve("pg_ctl").toFile().canExecute())
        .max(Comparator.comparingInt(b -> versionOf(b.getParent())));
  }

  private static int versionOf(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString().replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void asPostgres(String... command) throws IOException {
    List<String> full =
        new java.util.ArrayList<>(List.of("/usr/sbin/runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    run(full.toArray(new String[0]));
  }

  private void run(String... command) throws IOException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        Path log = dir.resolve("server.log");
        throw new IOException(
            String.join(" ", command)
                + " failed: "
                + out
                + (Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : ""));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command[0], e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
