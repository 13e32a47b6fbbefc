package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One voice for every error, values that tell the truth, the same checks in {@code config show} as
 * in {@code run}, and terminal conventions.
 */
class CliConventionsTest {
  @TempDir Path dir;

  @Test
  void anUnknownCommandIsInBosunsVoiceWithTheNearestCommand() {
    Cli serve = Cli.run("serve");
    assertThat(serve.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(serve.err())
        .isEqualTo(
            "bosun: unknown command 'serve'; did you mean 'bosun service'? (see 'bosun --help')\n");
    Cli sub = Cli.run("service", "lst");
    assertThat(sub.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(sub.err())
        .startsWith("bosun: unknown command 'lst'; did you mean 'bosun service list'");
  }

  @Test
  void picocliErrorsAllStartWithBosunAndExit2() {
    for (String[] args :
        new String[][] {
          {"run"}, {"config", "sample", "--frobnicate"}, {"demo", "--seconds", "x"}, {"--bogus"}
        }) {
      Cli cli = Cli.run(args);
      assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(Main.EXIT_USAGE);
      assertThat(cli.err().lines()).as(cli.toString()).hasSize(1);
      assertThat(cli.err()).as(cli.toString()).startsWith("bosun: ").contains("--help')");
      assertThat(cli.err()).doesNotContain("Unmatched argument").doesNotContain("Usage:");
    }
    assertThat(Cli.run("config", "sample", "--frobnicate").err())
        .startsWith("bosun: unknown option '--frobnicate'");
  }

  @Test
  void showMasksOnlyPasswordsAndShowsTheEmbeddedDatabase() throws Exception {
    Path state = dir.resolve("state");
    Cli memory = Cli.run("config", "show", "--state-path", state.toString());
    assertThat(memory.exitCode()).as(memory.toString()).isZero();
    assertThat(memory.out()).containsPattern("DEFAULT +transport_url +memory:// +default");
    assertThat(memory.out())
        .containsPattern(
            "database +connection +jdbc:h2:file:"
                + java.util.regex.Pattern.quote(state.toAbsolutePath().toString())
                + "/bosun;AUTO_SERVER=TRUE +default: the embedded H2 database under \\[DEFAULT\\]"
                + " state_path");
    assertThat(memory.out()).containsPattern("rpc_conn_pool_size +30 +default \\(IGNORED by Bosun");

    Cli rabbit =
        Cli.run(
            "config",
            "show",
            "--format",
            "json",
            "--transport-url",
            "rabbit://guest:hunter2@127.0.0.1:5672/",
            "--database-connection",
            "jdbc:postgresql://db:5432/bosun?user=bosun&password=s3cret");
    assertThat(rabbit.exitCode()).as(rabbit.toString()).isZero();
    assertThat(rabbit.out()).doesNotContain("hunter2").doesNotContain("s3cret");
    JsonNode rows = JsonMapper.builder().build().readTree(rabbit.out());
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    rows.forEach(
        row -> byName.put(row.get("group").asString() + "." + row.get("name").asString(), row));
    assertThat(byName.get("DEFAULT.transport_url").get("value").asString())
        .isEqualTo("rabbit://guest:***@127.0.0.1:5672/");
    assertThat(byName.get("database.connection").get("value").asString())
        .isEqualTo("jdbc:postgresql://db:5432/bosun?user=bosun&password=***");
    assertThat(byName.get("oslo_messaging_rabbit.rpc_conn_pool_size").get("ignored").asBoolean())
        .isTrue();
    assertThat(byName.get("DEFAULT.report_interval").get("ignored").asBoolean()).isFalse();
  }

  @Test
  void theSampleMarksIgnoredOptions() {
    Cli sample = Cli.run("config", "sample");
    String block = sample.out().substring(0, sample.out().indexOf("#rpc_conn_pool_size = 30"));
    assertThat(block.substring(block.lastIndexOf("#\n"))).contains("# IGNORED by Bosun");
  }

  @Test
  void showRejectsWhatRunRejectsWithExitCode2() {
    for (String url :
        new String[] {
          "rabbit://guest:guest@127.0.0.1:99999/",
          "rabbit://guest:guest@127.0.0.1:x/",
          "zmq://127.0.0.1/",
          "rabbit://h/?heartbeat_timeout_threshold=soon"
        }) {
      Cli show = Cli.run("config", "show", "--transport-url", url);
      assertThat(show.exitCode()).as(url + ": " + show).isEqualTo(Main.EXIT_USAGE);
      assertThat(show.err()).as(url).startsWith("bosun: configuration error: ");
      assertThat(show.out()).isEmpty();
    }
    Cli exchange = Cli.run("config", "show", "--control-exchange", " ");
    assertThat(exchange.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(exchange.err()).contains("control_exchange");
    Cli driver = Cli.run("config", "show", "--oslo-messaging-notifications-driver", "carrier");
    assertThat(driver.exitCode()).as(driver.toString()).isEqualTo(Main.EXIT_USAGE);
    assertThat(driver.err()).contains("Unknown notification driver 'carrier'");
  }

  @Test
  void aTypoWarningComesWithTheErrorsOfTheSameFile() throws Exception {
    Path file = dir.resolve("bosun.conf");
    Files.writeString(file, "[DEFAULT]\nreport_interal = 5\nservice_down_time = soon\n");
    Cli show = Cli.run("config", "show", "--config-file", file.toString());
    assertThat(show.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(show.err())
        .contains(file + ":3: [DEFAULT] service_down_time = 'soon'")
        .contains(file + ":2: unknown option [DEFAULT] report_interal")
        .contains("did you mean report_interval?");
  }

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    assertThat(Terminal.of(Map.of(), true).colour()).isTrue();
    assertThat(Terminal.of(Map.of(), false).colour()).isFalse();
    assertThat(Terminal.of(Map.of("NO_COLOR", "1"), true).colour()).isFalse();
    assertThat(Terminal.of(Map.of("TERM", "dumb"), true).colour()).isFalse();
    assertThat(Terminal.of(Map.of("COLUMNS", "100"), false).width()).hasValue(100);
    assertThat(Terminal.of(Map.of(), false).width()).isEmpty();
    assertThat(Cli.run("--help").out()).doesNotContain("\u001b[");
  }

  @Test
  void tablesAreWrappedToTheWidthWithNothingCut() {
    String reason = "the host is being moved to another rack and will be back on Monday morning";
    Table table = new Table("ID", "HOST", "DISABLED REASON").add("1", "host1", reason);
    String wide = table.render(OptionalInt.empty());
    assertThat(wide.lines()).hasSize(2);
    String narrow = table.render(OptionalInt.of(50));
    List<String> lines = narrow.lines().toList();
    assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
    assertThat(lines.size()).isGreaterThan(2);
    assertThat(String.join(" ", lines.subList(1, lines.size())).replaceAll("\\s+", " "))
        .contains(reason);
  }

  @Test
  void runHelpListsTheConfigurationOptionsFromTheirDeclarations() {
    Cli help = Cli.run("run", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("Configuration options")
        .contains("--config-file FILE")
        .containsPattern("(?m)^  --report-interval DURATION$")
        .containsPattern("(?m)^  --periodic-enable, --noperiodic-enable$")
        .containsPattern("(?m)^  --database-connection VALUE$")
        .containsPattern("(?m)^  --oslo-messaging-rabbit-rpc-conn-pool-size \\S+$")
        .contains("IGNORED by Bosun")
        .contains("Default: 10");
    // the listed spellings are the ones the parser takes
    List<String> spellings =
        help.out()
            .lines()
            .filter(line -> line.matches("  --[a-z0-9-]+ [A-Z,.:]+"))
            .map(line -> line.strip().substring(0, line.strip().indexOf(' ')))
            .toList();
    assertThat(spellings).hasSizeGreaterThan(30);
    Cli show = Cli.run("config", "show", "--format", "json", "--report-interval", "7");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    for (String spelling : spellings) {
      Cli known = Cli.run("config", "show", spelling + "=x");
      assertThat(known.err()).as(spelling).doesNotContain("unknown option");
    }
    assertThat(Cli.run("run", "demo", "--help").out()).contains("Configuration options");
  }

  @Test
  void aWaitIsOneRedrawnLineOnATerminalAndPlainLinesOtherwise() throws Exception {
    java.io.StringWriter screen = new java.io.StringWriter();
    PrintWriter err = new PrintWriter(screen);
    Progress onTerminal =
        Progress.start(err, Terminal.of(Map.of(), true), seconds -> "waiting for X");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> screen.toString().contains("waiting for X"));
    onTerminal.close();
    assertThat(screen.toString())
        .startsWith("\rbosun: waiting for X\u001b[K")
        .endsWith("\r\u001b[K")
        .doesNotContain("\n");

    java.io.StringWriter log = new java.io.StringWriter();
    PrintWriter logErr = new PrintWriter(log);
    java.io.StringWriter out = new java.io.StringWriter();
    Progress plain = Progress.start(logErr, Terminal.of(Map.of(), false), seconds -> "waiting");
    PrintWriter guarded = new PrintWriter(plain.endBefore(out));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> log.toString().contains("waiting"));
    guarded.print("the table");
    guarded.flush();
    String before = log.toString();
    assertThat(before).isEqualTo("bosun: waiting\n").doesNotContain("\r");
    assertThat(out.toString()).as("the output is written, not swallowed").isEqualTo("the table");
    Thread.sleep(Progress.PLAIN_INTERVAL.toMillis() + 500);
    assertThat(log.toString()).as("the first output ended the progress").isEqualTo(before);
  }
}
