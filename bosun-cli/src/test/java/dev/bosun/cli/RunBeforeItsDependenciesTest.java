package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A database or broker outage never kills a service", at start too: {@code bosun run} before
 * RabbitMQ answers keeps running and waits for it; before the database answers it waits {@code
 * [database] max_retries} x {@code retry_interval}, then exits 1 in one line.
 */
class RunBeforeItsDependenciesTest {
  @TempDir Path dir;
  private final List<BosunProcess> processes = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    processes.forEach(BosunProcess::close);
  }

  @Test
  void aBrokerThatDoesNotAnswerYetIsWaitedFor() throws Exception {
    int closedPort = closedPort();
    BosunProcess run =
        BosunProcess.start(
            "run",
            "demo",
            "--transport-url",
            "rabbit://guest:guest@127.0.0.1:" + closedPort + "/",
            "--state-path",
            dir.resolve("state").toString());
    processes.add(run);

    run.awaitRunning();
    assertThat(run.log())
        .contains("Cannot connect to RabbitMQ at 127.0.0.1:" + closedPort)
        .contains("going on without it");
    run.signal("TERM");
    assertThat(run.awaitExit()).as(run.toString()).isZero();
  }

  @Test
  void aDatabaseThatNeverAnswersIsRetriedThenExitsOne() throws Exception {
    int closedPort = closedPort();
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/bosun?user=bosun&password=s3cret";
    BosunProcess run =
        BosunProcess.start(
            "run",
            "demo",
            "--database-connection",
            url,
            "--database-pool-timeout",
            "500ms",
            "--database-max-retries",
            "1",
            "--database-retry-interval",
            "100ms",
            "--state-path",
            dir.resolve("state").toString());
    processes.add(run);

    assertThat(run.awaitExit()).as(run.toString()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(run.log()).contains("does not answer (attempt 1 of 2)").doesNotContain("s3cret");
    List<String> problems = run.log().lines().filter(line -> line.startsWith("bosun:")).toList();
    assertThat(problems)
        .as(run.toString())
        .singleElement()
        .asString()
        .contains("did not answer after 2 attempt(s)")
        .contains("127.0.0.1:" + closedPort);
    assertThat(run.log()).as("nothing was started").doesNotContain("Starting demo");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
