package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another local user can do against {@code bosun run} on the embedded default: nothing. The
 * attempts run as the Unix user {@value OtherUser#NAME} (see {@link OtherUser}); each is shown to
 * fail, beside a control that succeeds with the secret, so that a failure for another reason (no
 * java, no class path) cannot pass for protection.
 */
class OtherLocalUserTest {
  private static final Pattern LISTENING =
      Pattern.compile("LISTEN\\s+\\d+\\s+\\d+\\s+(\\S+):(\\d+)\\s+.*pid=(\\d+),");

  @TempDir Path tmp;
  private Path shared;
  private Path state;
  private final List<BosunProcess> processes = new ArrayList<>();

  @BeforeEach
  void aDirectoryTheOtherUserCanRead() throws IOException {
    OtherUser.assumeAvailable();
    // @TempDir is 0700; the other user must reach the state directory's parent to be refused
    // by the state directory itself, and must read its java class path
    OtherUser.makeReadable(tmp);
    shared = tmp.resolve("shared");
    Files.createDirectories(shared);
    OtherUser.makeReadable(shared);
    state = shared.resolve("state");
  }

  @AfterEach
  void stop() {
    processes.forEach(BosunProcess::close);
  }

  @Test
  void anotherUserCanNeitherReadTheStateFilesNorConnectToTheDatabase() throws Exception {
    BosunProcess service = BosunProcess.start("run", "demo", "--state-path", state.toString());
    processes.add(service);
    service.awaitRunning();
    Properties lock = properties(state.resolve("bosun.lock.db"));
    Properties secret = properties(state.resolve("bosun.credentials"));

    for (String file : List.of("", "bosun.credentials", "bosun.lock.db", "bosun.mv.db")) {
      OtherUser.Result read = OtherUser.run(shared, List.of("cat", state.resolve(file).toString()));
      assertThat(read.exitCode()).as("cat %s as %s: %s", file, OtherUser.NAME, read).isNotZero();
      assertThat(read.output()).as(read.toString()).contains("Permission denied");
    }
    OtherUser.Result list = OtherUser.run(shared, List.of("ls", state.toString()));
    assertThat(list.exitCode()).as(list.toString()).isNotZero();

    List<String[]> listening = listeningSockets(service.pid());
    assertThat(listening).as("the service listens for its operator commands").isNotEmpty();
    String probeClassPath = OtherUser.readableClassPath(shared.resolve("h2"), "h2");
    Path probe = shared.resolve("JdbcProbe.java");
    try (InputStream source = getClass().getResourceAsStream("JdbcProbe.java")) {
      Files.copy(source, probe);
    }
    OtherUser.makeReadable(probe);
    for (String[] socket : listening) {
      String address = socket[0];
      String port = socket[1];
      assertThat(address)
          .as("port %s listens on the loopback interface only", port)
          .isIn("127.0.0.1", "[::ffff:127.0.0.1]", "[::1]");
      String keyed = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + lock.getProperty("id");
      String user = secret.getProperty("user");

      // even handed the server's key, which only the owner can read, no user gets in without
      // the password
      assertThat(probe(probeClassPath, keyed, "", "")).startsWith("REFUSED 28000");
      assertThat(probe(probeClassPath, keyed, "SA", "")).startsWith("REFUSED 28000");
      assertThat(probe(probeClassPath, keyed, user, "")).startsWith("REFUSED 28000");
      assertThat(probe(probeClassPath, keyed, user, "not-the-password"))
          .startsWith("REFUSED 28000");
      assertThat(probe(probeClassPath, "jdbc:h2:tcp://127.0.0.1:" + port + "/" + state, user, ""))
          .startsWith("REFUSED");
      // the control: the same probe, user and path get in with the secret
      assertThat(probe(probeClassPath, keyed, user, secret.getProperty("password")))
          .isEqualTo("CONNECTED");
    }

    // the operator command, as the other user, cannot reach the database either
    String classPath = OtherUser.readableClassPath(shared.resolve("cp"));
    OtherUser.Result operator =
        OtherUser.run(
            shared,
            List.of(
                javaBin(),
                "-cp",
                classPath,
                Main.class.getName(),
                "service",
                "list",
                "--state-path",
                state.toString()));
    assertThat(operator.exitCode()).as(operator.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(operator.output())
        .as(operator.toString())
        .contains("cannot enter the state directory " + state)
        .contains("sudo -u root");
    assertThat(operator.output()).as(operator.toString()).doesNotContain("bosun-demo");
    assertThat(service.isAlive()).isTrue();
    // and the owner can, beside the running service
    Cli owner = Cli.run("service", "list", "--state-path", state.toString());
    assertThat(owner.exitCode()).as(owner.toString()).isZero();
    assertThat(owner.out()).contains("bosun-demo");
  }

  @Test
  void aStateDirectoryOwnedByAnotherUserIsRefused() throws Exception {
    Files.createDirectory(state);
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
    OtherUser.Result chown =
        OtherUser.runAsRoot(List.of("chown", OtherUser.NAME, state.toString()));
    assertThat(chown.exitCode()).as(chown.toString()).isZero();

    Cli cli = Cli.run("db", "sync", "--state-path", state.toString());

    assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(cli.err())
        .contains("belongs to " + OtherUser.NAME)
        .contains("sudo -u " + OtherUser.NAME);
    assertThat(state.resolve("bosun.mv.db")).doesNotExist();
  }

  private String probe(String classPath, String url, String user, String password) {
    OtherUser.Result result =
        OtherUser.run(
            shared, List.of(javaBin(), "-cp", classPath, "JdbcProbe.java", url, user, password));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.output().strip();
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Address and port of each TCP socket that process {@code pid} listens on. */
  private static List<String[]> listeningSockets(long pid) {
    OtherUser.Result ss = OtherUser.runAsRoot(List.of("ss", "-H", "-l", "-t", "-n", "-p"));
    assertThat(ss.exitCode()).as("ss: %s", ss).isZero();
    List<String[]> sockets = new ArrayList<>();
    for (String line : ss.output().lines().toList()) {
      Matcher m = LISTENING.matcher(line);
      if (m.find() && m.group(3).equals(Long.toString(pid))) {
        sockets.add(new String[] {m.group(1), m.group(2)});
      }
    }
    return sockets;
  }

  private static Properties properties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }
}
