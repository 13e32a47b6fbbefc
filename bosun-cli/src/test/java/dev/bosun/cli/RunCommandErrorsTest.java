package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code bosun run} says, in one line and an exit code, when it cannot start at all. */
class RunCommandErrorsTest {
  @TempDir Path dir;
  private final List<BosunProcess> processes = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    processes.forEach(BosunProcess::close);
  }

  @Test
  void aConfiguredDatabaseWithoutTheSchemaExitsOneSayingToRunDbSync() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("empty").toAbsolutePath();
    BosunProcess run = BosunProcess.start("run", "demo", "--database-connection", url,
        "--state-path", dir.resolve("state").toString());
    processes.add(run);

    assertThat(run.awaitExit()).as(run.toString()).isEqualTo(Main.EXIT_FAILURE);
    List<String> problems = run.log().lines()
        .filter(line -> line.startsWith("bosun:")).toList();
    assertThat(problems).as(run.toString()).singleElement().asString()
        .contains("has no Bosun schema").contains("bosun db sync").contains(url);
    assertThat(run.log()).as("no stack trace").doesNotContain("\tat ")
        .doesNotContain("Exception");
    assertThat(run.log()).as("nothing was started").doesNotContain("Starting demo");
  }

  @Test
  void anUnknownServiceIsAUsageErrorListingTheKnownOnes() {
    Cli run = Cli.run("run", "no-such-service", "--state-path", dir.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).startsWith("bosun: Unknown service 'no-such-service'")
        .contains("known services: demo");
  }

  @Test
  void aBadTransportUrlIsAUsageErrorInOneLine() {
    Cli run = Cli.run("run", "demo", "--state-path", dir.toString(),
        "--transport-url", "nonsense");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).startsWith("bosun: configuration error: ")
        .contains("transport_url").contains("'nonsense'");
  }

  /** Regression: a URL no driver takes (jdbc:postgres:) was a stack trace and exit code 1. */
  @Test
  void aJdbcUrlWithoutADriverIsAUsageErrorInOneLine() {
    Cli run = Cli.run("run", "demo", "--state-path", dir.toString(),
        "--database-connection", "jdbc:postgres://127.0.0.1/bosun?user=bosun&password=s3cret");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err()).startsWith("bosun: configuration error: ")
        .contains("[database] connection").contains("jdbc:postgresql://")
        .doesNotContain("s3cret");
  }
}
