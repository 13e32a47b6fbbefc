package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What every user meets first: help, version, exit codes, config sample and show, the demo. */
class CommandLineBasicsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "run",
        "config",
        "config sample",
        "config show",
        "demo",
        "db",
        "db sync",
        "service",
        "service list"
      })
  void everyCommandHasHelpAndVersion(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");
    Cli help = Cli.run(append(words, "--help"));
    assertThat(help.exitCode()).as(help.toString()).isZero();
    assertThat(help.out()).contains("Usage: bosun");
    Cli version = Cli.run(append(words, "--version"));
    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).startsWith("bosun ").contains("Java ");
  }

  @Test
  void anUnknownCommandOrOptionIsAUsageError() {
    Cli unknown = Cli.run("frobnicate");
    assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_USAGE);
    Cli misspelt = Cli.run("config", "show", "--report-interal", "5s");
    assertThat(misspelt.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(misspelt.err()).contains("--report-interal").contains("--report-interval");
  }

  @Test
  void theSampleListsEveryModulesOptions() {
    Cli sample = Cli.run("config", "sample");
    assertThat(sample.exitCode()).isZero();
    assertThat(sample.out())
        .contains(
            "[DEFAULT]",
            "#report_interval = 10",
            "#service_down_time = 60",
            "#transport_url = ",
            "#control_exchange = openstack")
        .contains("[database]", "connection")
        .contains("[oslo_messaging_notifications]")
        .contains("[oslo_messaging_rabbit]", "#rabbit_transient_queues_ttl = 1800");
  }

  @Test
  void showSaysWhereEachValueCameFromAndMasksSecrets(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bosun.conf");
    Files.writeString(
        file,
        "[DEFAULT]\nreport_interval = 7\n"
            + "transport_url = rabbit://bosun:hunter2@127.0.0.1:5672/\n");
    Cli show =
        Cli.run(
            "config",
            "show",
            "--format",
            "json",
            "--config-file",
            file.toString(),
            "--periodic-enable",
            "false");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out()).doesNotContain("hunter2");
    JsonNode rows = JsonMapper.builder().build().readTree(show.out());
    assertThat(row(rows, "report_interval").get("value").asString()).isEqualTo("7");
    assertThat(row(rows, "report_interval").get("source").asString())
        .isEqualTo("file " + file + ":2");
    assertThat(row(rows, "periodic_enable").get("source").asString()).startsWith("command line");
    assertThat(row(rows, "transport_url").get("value").asString())
        .isEqualTo("rabbit://bosun:***@127.0.0.1:5672/");
    assertThat(show.out()).doesNotContain("hunter2");
  }

  @Test
  void anUpgradeLevelOfAnUndeclaredTopicIsNotCalledUnknown(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bosun.conf");
    Files.writeString(file, "[upgrade_levels]\nvolume = auto\n[upgrade_level]\nvolume = 1.0\n");
    try (BosunProcess show =
        BosunProcess.start("config", "show", "--config-file", file.toString())) {
      assertThat(show.awaitExit()).as(show.toString()).isZero();
      assertThat(show.log())
          .as(show.toString())
          .contains(
              file
                  + ":3: unknown section [upgrade_level] is ignored; did you mean"
                  + " [upgrade_levels]?")
          .doesNotContain("unknown option")
          .doesNotContain("unknown section [upgrade_levels]");
    }
  }

  @Test
  void aBadValueInAFileNamesFileLineOptionAndValue(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "[DEFAULT]\n\nreport_interval = ten\n");
    Cli show = Cli.run("config", "show", "--config-file", file.toString());
    assertThat(show.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(show.err()).contains(file + ":3").contains("report_interval").contains("ten");
  }

  @Test
  void theDemoShowsTasksNotDisturbingEachOtherAndExitsZero() {
    Cli demo = Cli.run("demo", "--seconds", "4");
    assertThat(demo.exitCode()).as(demo.toString()).isZero();
    assertThat(demo.out())
        .contains("fast_tick", "slow_sweep", "flaky_probe")
        .contains("RPC call demo.status()")
        .contains("demo@")
        .contains("OK: fast_tick ran");
  }

  private static JsonNode row(JsonNode rows, String name) {
    for (JsonNode row : rows) {
      if (row.get("name").asString().equals(name)
          && row.get("group").asString().equals("DEFAULT")) {
        return row;
      }
    }
    throw new AssertionError("no row for " + name + " in " + rows);
  }

  private static String[] append(String[] words, String last) {
    String[] all = java.util.Arrays.copyOf(words, words.length + 1);
    all[words.length] = last;
    return all;
  }
}
