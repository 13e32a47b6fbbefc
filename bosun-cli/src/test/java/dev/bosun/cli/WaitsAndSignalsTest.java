package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No silent waits (each wait over a second says what it waits for), log lines with date and zone,
 * and signals during {@code bosun run}'s start handled by Bosun, not the JVM's default action.
 */
class WaitsAndSignalsTest {
  /** {@code 2026-12-05 02:46:02.123 +0000 INFO}: oslo.log's date, time and zone. */
  private static final String LOG_LINE =
      "(?m)^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} [+-]\\d{4} (INFO |WARN ) ";

  private static final String UNREACHABLE = "jdbc:postgresql://127.0.0.1:1/bosun";

  @TempDir Path dir;
  private final List<BosunProcess> processes = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    processes.forEach(BosunProcess::close);
  }

  private BosunProcess start(String... args) throws Exception {
    BosunProcess process = BosunProcess.start(args);
    processes.add(process);
    return process;
  }

  @Test
  void serviceListSaysWhichDatabaseItWaitsFor() {
    Cli list =
        Cli.run(
            "service",
            "list",
            "--database-connection",
            UNREACHABLE,
            "--database-pool-timeout",
            "3");
    assertThat(list.exitCode()).as(list.toString()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(list.err())
        .as(list.toString())
        .contains("bosun: waiting for the database " + UNREACHABLE + " (1 s;")
        .contains("pool_timeout is 3 s");
    assertThat(list.out()).isEmpty();
  }

  @Test
  void runLogsTheDatabaseCreationWithDateAndZoneAndStopsCleanlyOnAnEarlySigterm() throws Exception {
    BosunProcess run = start("run", "demo", "--state-path", dir.resolve("state").toString());
    run.awaitLog("creating or upgrading its schema");
    run.signal("TERM");
    assertThat(run.awaitExit()).as(run.toString()).isZero();
    assertThat(run.log())
        .containsPattern(LOG_LINE + "\\[main\\] d.bosun.cli.RunCommand - Embedded");
    assertThat(run.log())
        .as("one line for the stop, no stack trace")
        .doesNotContain("Exception")
        .doesNotContain("ERROR")
        .doesNotContain("already closed");
  }

  @Test
  void sigtermWhileWaitingForTheDatabaseEndsTheWaitWithExit0() throws Exception {
    BosunProcess run =
        start(
            "run",
            "demo",
            "--database-connection",
            UNREACHABLE,
            "--database-max-retries",
            "-1",
            "--database-retry-interval",
            "1",
            "--database-pool-timeout",
            "1");
    run.awaitLog("does not answer (attempt 1 of unlimited)");
    run.signal("TERM");
    assertThat(run.awaitExit()).as(run.toString()).isZero();
    assertThat(run.log())
        .contains("SIGTERM while starting: stopping now")
        .contains("Stopped before the service started (SIGTERM)")
        .doesNotContain("Exception");
  }

  @Test
  void theBosunScriptShowsWhichModuleMavenBuilds() throws Exception {
    Path script = Path.of("..", "bosun").toAbsolutePath().normalize();
    assertThat(script).as("the bosun script at the top of the repository").exists();
    Path root = Files.createDirectories(dir.resolve("clone"));
    Files.copy(script, root.resolve("bosun"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    Files.writeString(
        mvn,
        String.join(
            "\n",
            "#!/bin/sh",
            "echo '[INFO] Scanning for projects...'",
            "echo '[INFO] Building Bosun 0.1.0-SNAPSHOT                              [1/2]'",
            "echo '[INFO] Building Bosun core 0.1.0-SNAPSHOT                         [2/2]'",
            "echo '[ERROR] a compilation error'",
            "exit 1",
            ""));
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder =
        new ProcessBuilder("bash", root.resolve("bosun").toString(), "--version")
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(1);
    assertThat(output)
        .contains("bosun: building Bosun [1/2]")
        .contains("bosun: building Bosun core [2/2]")
        .contains("[ERROR] a compilation error")
        .contains("bosun: the build failed; Maven's output is above");
  }
}
