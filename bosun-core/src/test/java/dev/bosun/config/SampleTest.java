package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleTest {
  static final Opt<Duration> REPORT_INTERVAL =
      Opt.duration("report_interval")
          .defaultValue(Duration.ofSeconds(10))
          .min(Duration.ofSeconds(1))
          .mutable()
          .deprecatedName("heartbeat_interval")
          .help(
              "Seconds between nodes reporting state to the services table. A shorter interval"
                  + " finds dead services sooner at the cost of more database writes; keep it well"
                  + " below service_down_time.")
          .build();
  static final Opt<String> HOST =
      Opt.string("host")
          .defaultValue("node-17")
          .sampleDefault("<hostname>")
          .help("Name of this node.")
          .build();
  static final Opt<String> CONNECTION =
      Opt.string("connection")
          .group("database")
          .secret()
          .required()
          .help("The JDBC URL of the database.")
          .build();
  static final Opt<String> RESTART =
      Opt.choice("restart_method", "reload", "mutate")
          .defaultValue("mutate")
          .help("What SIGHUP does.")
          .build();
  static final Opt<List<String>> BACKENDS =
      Opt.list("enabled_backends")
          .defaultValue(List.of("lvm-1", "lvm-2"))
          .help("Backends.")
          .build();
  static final Opt<Integer> POOL =
      Opt.integer("max_pool_size")
          .group("database")
          .min(1)
          .max(100)
          .defaultValue(5)
          .help("Connections.")
          .build();

  @Test
  void sampleHasEveryOptionGroupedWithItsDetails() {
    String sample =
        Config.sample(List.of(CONNECTION, POOL, REPORT_INTERVAL, HOST, RESTART, BACKENDS));
    assertThat(sample)
        .contains(
            String.join(
                "\n",
                "[DEFAULT]",
                "",
                "#",
                "# Backends. (list value)",
                "#enabled_backends = lvm-1,lvm-2",
                "",
                "#",
                "# Name of this node. (string value)",
                "#host = <hostname>",
                "",
                "#",
                "# Seconds between nodes reporting state to the services table. A shorter",
                "# interval finds dead services sooner at the cost of more database writes;",
                "# keep it well below service_down_time. (duration value)",
                "# Minimum value: 1s",
                "# Mutable: a reload (SIGHUP) applies a new value without a restart",
                "# Deprecated names: [DEFAULT] heartbeat_interval",
                "#report_interval = 10",
                "",
                "#",
                "# What SIGHUP does. (string value)",
                "# Allowed values: reload, mutate",
                "#restart_method = mutate",
                "",
                "[database]",
                "",
                "#",
                "# The JDBC URL of the database. (string value)",
                "# Secret: its value is shown as **** in reports and logs; connection_file =",
                "# PATH reads it from a file readable by its owner only",
                "# Required: loading fails when no source sets a value",
                "#connection = <None>",
                "",
                "#",
                "# Connections. (integer value)",
                "# Minimum value: 1",
                "# Maximum value: 100",
                "#max_pool_size = 5",
                ""));
    assertThat(sample.indexOf("[DEFAULT]")).isLessThan(sample.indexOf("[database]"));
    assertThat(sample.lines())
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    assertThat(sample.lines()).allSatisfy(line -> assertThat(line).matches("|#.*|\\[.*\\]"));
  }

  @Test
  void theSampleIsAValidConfigFileAndUncommentedLinesReadBack() throws Exception {
    String sample = Config.sample(List.of(POOL, REPORT_INTERVAL, BACKENDS));
    String uncommented =
        sample
            .replace("#max_pool_size", "max_pool_size")
            .replace("#report_interval", "report_interval")
            .replace("#enabled_backends", "enabled_backends");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("sample", ".conf");
    try {
      java.nio.file.Files.writeString(file, uncommented);
      Config config =
          Config.builder()
              .register(POOL, REPORT_INTERVAL, BACKENDS)
              .environment(Map.of())
              .args(List.of("--config-file", file.toString()))
              .build();
      assertThat(config.effectiveValues())
          .allSatisfy(v -> assertThat(v.source()).isInstanceOf(ValueSource.File.class));
      assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
      assertThat(config.get(BACKENDS)).containsExactly("lvm-1", "lvm-2");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void registeredGroupsBringTheirHelp() {
    Config config =
        Config.builder()
            .environment(Map.of())
            .register(OptionGroup.of("database", "How Bosun reaches its database.", POOL))
            .register(REPORT_INTERVAL)
            .build();
    String sample = config.sample();
    assertThat(sample)
        .contains(
            "[database]\n\n# How Bosun reaches its database.\n\n#\n"
                + "# Connections. (integer value)");
    assertThat(sample).contains("#report_interval = 10");
    assertThat(sample).startsWith("# Bosun sample configuration");
  }
}
