package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
    BosunProcess run =
        BosunProcess.start(
            "run",
            "demo",
            "--database-connection",
            url,
            "--state-path",
            dir.resolve("state").toString());
    processes.add(run);

    assertThat(run.awaitExit()).as(run.toString()).isEqualTo(Main.EXIT_FAILURE);
    List<String> problems = run.log().lines().filter(line -> line.startsWith("bosun:")).toList();
    assertThat(problems)
        .as(run.toString())
        .singleElement()
        .asString()
        .contains("has no Bosun schema")
        .contains("bosun db sync")
        .contains(url);
    assertThat(run.log()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(run.log()).as("nothing was started").doesNotContain("Starting demo");
  }

  @Test
  void anUnknownServiceIsAUsageErrorListingTheKnownOnes() {
    Cli run = Cli.run("run", "no-such-service", "--state-path", dir.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err())
        .startsWith("bosun: Unknown service 'no-such-service'")
        .contains("known services: demo");
  }

  @Test
  void aBadTransportUrlIsAUsageErrorInOneLine() {
    Cli run = Cli.run("run", "demo", "--state-path", dir.toString(), "--transport-url", "nonsense");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err())
        .startsWith("bosun: configuration error: ")
        .contains("transport_url")
        .contains("'nonsense'");
  }

  /** Regression: a URL no driver takes (jdbc:postgres:) was a stack trace and exit code 1. */
  @Test
  void aJdbcUrlWithoutADriverIsAUsageErrorInOneLine() {
    Cli run =
        Cli.run(
            "run",
            "demo",
            "--state-path",
            dir.toString(),
            "--database-connection",
            "jdbc:postgres://127.0.0.1/bosun?user=bosun&password=s3cret");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err().strip().lines()).as(run.toString()).hasSize(1);
    assertThat(run.err())
        .startsWith("bosun: configuration error: ")
        .contains("[database] connection")
        .contains("jdbc:postgresql://")
        .doesNotContain("s3cret");
  }

  /**
   * Regression: the messaging options were checked only after the database was waited for
   * (max_retries x retry_interval, 100 s by default) and migrated. Each bad value here is one line
   * naming its option, exit code 2, and the embedded database is not even created.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--transport-url | rabbit://nova:s3cret@/nova | [DEFAULT] transport_url",
        "--transport-url | rabbit://nova:s3cret@h/?rabbit_qos_prefetch_count=many"
            + " | rabbit_qos_prefetch_count",
        "--control-exchange | ' ' | [DEFAULT] control_exchange",
        "--oslo-messaging-notifications-driver | bogus | [oslo_messaging_notifications] driver",
        "--oslo-messaging-notifications-topics | ' ' | [oslo_messaging_notifications] topics",
        "--oslo-messaging-notifications-transport-url | rabbit://nova:s3cret@:x/"
            + " | [oslo_messaging_notifications] transport_url"
      })
  void aBadMessagingOptionFailsBeforeTheDatabaseIsOpened(String option, String value, String named)
      throws Exception {
    Path state = dir.resolve("state");
    // a child process: were the value accepted, the service would run (until killed)
    BosunProcess run =
        BosunProcess.start("run", "demo", "--state-path", state.toString(), option, value);
    processes.add(run);

    assertThat(run.awaitExit()).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
    List<String> problems = run.log().lines().filter(line -> line.startsWith("bosun:")).toList();
    assertThat(problems)
        .as(run.toString())
        .singleElement()
        .asString()
        .startsWith("bosun: configuration error: ")
        .contains(named);
    assertThat(run.log()).as(run.toString()).doesNotContain("s3cret").doesNotContain("\tat ");
    assertThat(state.resolve("bosun.mv.db")).as(run.toString()).doesNotExist();
  }

  @Test
  void aBadTransportUrlIsReportedWithoutWaitingForTheDatabase() {
    Cli run =
        Cli.run(
            "run",
            "demo",
            "--state-path",
            dir.toString(),
            "--database-connection",
            "jdbc:postgresql://127.0.0.1:1/bosun",
            "--database-max-retries",
            "1",
            "--database-retry-interval",
            "1s",
            "--database-pool-timeout",
            "1",
            "--transport-url",
            "rabbit://nova:s3cret@/nova");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(run.err())
        .as(run.toString())
        .startsWith("bosun: configuration error: ")
        .contains("transport_url")
        .doesNotContain("did not answer");
  }
}
