package dev.bosun.cli;

import static dev.bosun.cli.BosunProcess.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.service.ServiceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bosun run demo} as a real process on the embedded shape (memory transport, H2 file under
 * {@code --state-path}), with the operator commands run beside it in this JVM through H2's
 * auto-server.
 */
class RunEmbeddedTest {
  private static final String BINARY = "bosun-demo";

  @TempDir Path dir;
  private final List<BosunProcess> processes = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    processes.forEach(BosunProcess::close);
  }

  @Test
  void aRunningServiceIsUpCanBeForcedDownStopsOnSigtermAndKeepsItsRowOverARestart()
      throws Exception {
    String statePath = dir.resolve("state").toString();
    String[] db = {"--state-path", statePath};
    String host = ServiceOptions.HOST.defaultValue().orElseThrow();

    BosunProcess first = run(statePath);
    first.awaitRunning();
    awaitState(host, "up", db);
    Map<String, Object> running = awaitReports(host, 1, db);
    assertThat(running)
        .containsEntry("status", "enabled")
        .containsEntry("topic", "demo")
        .containsEntry("forced_down", false);
    long id = Services.number(running, "id");

    Cli forceDown = Cli.run("service", "force-down", host, BINARY, "--state-path", statePath);
    assertThat(forceDown.exitCode()).as(forceDown.toString()).isZero();
    Map<String, Object> forced = Services.row(host, BINARY, db).orElseThrow();
    assertThat(forced).containsEntry("state", "down").containsEntry("forced_down", true);
    assertThat(first.isAlive()).as("the service keeps running when forced down").isTrue();

    first.signal("TERM");
    assertThat(first.awaitExit()).as(first.toString()).isZero();
    assertThat(first.log()).contains("Stopped demo@" + host).contains("All services stopped");
    long reportsAtStop =
        Services.number(Services.row(host, BINARY, db).orElseThrow(), "report_count");

    BosunProcess second = run(statePath);
    second.awaitRunning();
    Map<String, Object> again = awaitReports(host, reportsAtStop + 1, db);
    assertThat(Services.number(again, "id")).as("the same services row").isEqualTo(id);
    assertThat(again)
        .as("an operator's force-down outlives a restart, as in nova")
        .containsEntry("forced_down", true)
        .containsEntry("state", "down");
    assertThat(Services.list(db)).as("one row, not a second one").hasSize(1);

    Cli unforce = Cli.run("service", "unforce-down", host, BINARY, "--state-path", statePath);
    assertThat(unforce.exitCode()).as(unforce.toString()).isZero();
    awaitState(host, "up", db);

    second.signal("TERM");
    assertThat(second.awaitExit()).as(second.toString()).isZero();
    assertThat(second.log()).contains("All services stopped");
  }

  private BosunProcess run(String statePath) throws Exception {
    BosunProcess process =
        BosunProcess.start(
            "run",
            "demo",
            "--state-path",
            statePath,
            "--report-interval",
            "1s",
            "--periodic-fuzzy-delay",
            "0");
    processes.add(process);
    return process;
  }

  private static void awaitState(String host, String state, String... db) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(Services.state(host, BINARY, db)).isEqualTo(state));
  }

  /** Waits until the row's report_count reaches {@code atLeast}; returns the row. */
  private static Map<String, Object> awaitReports(String host, long atLeast, String... db) {
    return await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> Services.row(host, BINARY, db).orElse(Map.of()),
            row -> !row.isEmpty() && Services.number(row, "report_count") >= atLeast);
  }
}
