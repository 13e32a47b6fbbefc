package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Files, config directories, the environment and the command line, and how they combine. */
class SourcesTest {
  static final Opt<Duration> REPORT_INTERVAL =
      Opt.duration("report_interval")
          .defaultValue(Duration.ofSeconds(10))
          .help("Seconds between heartbeats.")
          .build();
  static final Opt<Integer> WORKERS =
      Opt.integer("workers").min(1).defaultValue(4).help("Worker count.").build();
  static final Opt<String> CONNECTION =
      Opt.string("connection").group("database").secret().help("Database URL.").build();
  static final Opt<Boolean> DEBUG =
      Opt.bool("debug").defaultValue(false).help("Log at debug level.").build();

  @TempDir Path dir;
  private ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(Config.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(Config.class)).detachAppender(logs);
  }

  private Config.Builder builder(List<String> args, Map<String, String> env) {
    return Config.builder()
        .register(REPORT_INTERVAL, WORKERS, CONNECTION, DEBUG)
        .args(args)
        .environment(env);
  }

  @Test
  void defaultsWhenNothingIsSet() {
    Config config = builder(List.of(), Map.of()).build();
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.find(CONNECTION)).isEmpty();
    assertThat(config.effectiveValues())
        .allSatisfy(v -> assertThat(v.source()).isEqualTo(new ValueSource.Default()));
    assertThat(config.configFiles()).isEmpty();
  }

  @Test
  void eachSourceBeatsTheWeakerOnes() {
    Path file =
        TestFiles.write(
            dir,
            "bosun.conf",
            "[DEFAULT]",
            "report_interval = 20",
            "workers = 5",
            "debug = true",
            "[database]",
            "connection = file-db");
    Map<String, String> env = Map.of("BOSUN_WORKERS", "6", "BOSUN_DATABASE__CONNECTION", "env-db");
    Config config =
        builder(List.of("--config-file", file.toString(), "--database-connection", "cli-db"), env)
            .build();
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.get(WORKERS)).isEqualTo(6);
    assertThat(config.get(CONNECTION)).isEqualTo("cli-db");
    assertThat(config.get(DEBUG)).isTrue();
    assertThat(sourceOf(config, REPORT_INTERVAL)).isEqualTo("file " + file + ":2");
    assertThat(sourceOf(config, WORKERS)).isEqualTo("env BOSUN_WORKERS");
    assertThat(sourceOf(config, CONNECTION)).isEqualTo("command line --database-connection");

    config.set(CONNECTION, "override-db");
    assertThat(config.get(CONNECTION)).isEqualTo("override-db");
    assertThat(sourceOf(config, CONNECTION)).isEqualTo("override");
    config.clearOverride(CONNECTION);
    assertThat(config.get(CONNECTION)).isEqualTo("cli-db");
  }

  @Test
  void laterFilesWinAndConfigDirFilesAreReadInNameOrder() {
    Path first =
        TestFiles.write(dir, "first.conf", "[DEFAULT]", "workers = 1", "report_interval = 1");
    Path second = TestFiles.write(dir, "second.conf", "[DEFAULT]", "workers = 2");
    Path confDir = dir.resolve("bosun.conf.d");
    TestFiles.write(confDir, "20-b.conf", "[DEFAULT]", "report_interval = 3");
    TestFiles.write(confDir, "10-a.conf", "[DEFAULT]", "report_interval = 2", "debug = on");
    TestFiles.write(confDir, "30-ignored.txt", "[DEFAULT]", "report_interval = 99");
    Config config =
        builder(
                List.of(
                    "--config-file",
                    first.toString(),
                    "--config-file=" + second,
                    "--config-dir",
                    confDir.toString()),
                Map.of())
            .build();
    assertThat(config.get(WORKERS)).isEqualTo(2);
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.get(DEBUG)).isTrue();
    assertThat(config.configFiles())
        .containsExactly(first, second, confDir.resolve("10-a.conf"), confDir.resolve("20-b.conf"));
  }

  @Test
  void defaultConfigFilesAreReadOnlyWhenThereAreNoneOnTheCommandLine() {
    Path present = TestFiles.write(dir, "bosun.conf", "[DEFAULT]", "workers = 7");
    Path other = TestFiles.write(dir, "other.conf", "[DEFAULT]", "workers = 8");
    Path missing = dir.resolve("missing.conf");
    Config defaults =
        builder(List.of(), Map.of()).defaultConfigFiles(List.of(missing, present)).build();
    assertThat(defaults.get(WORKERS)).isEqualTo(7);
    Config explicit =
        builder(List.of("--config-file", other.toString()), Map.of())
            .defaultConfigFiles(List.of(present))
            .build();
    assertThat(explicit.get(WORKERS)).isEqualTo(8);
  }

  @Test
  void sectionAndOptionNamesAreMatchedLoosely() {
    Path file =
        TestFiles.write(
            dir, "bosun.conf", "[Database]", "CONNECTION = x", "[DEFAULT]", "report-interval = 7");
    Config config = builder(List.of("--config-file", file.toString()), Map.of()).build();
    assertThat(config.get(CONNECTION)).isEqualTo("x");
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void continuationLinesFeedListOptions() {
    Opt<List<String>> backends = Opt.list("enabled_backends").help("Backends.").build();
    Path file =
        TestFiles.write(
            dir,
            "bosun.conf",
            "[DEFAULT]",
            "enabled_backends =",
            "    lvm-1",
            "    lvm-2,lvm-3",
            "# done");
    Config config =
        Config.builder()
            .register(backends)
            .args(List.of("--config-file", file.toString()))
            .environment(Map.of())
            .build();
    assertThat(config.get(backends)).containsExactly("lvm-1", "lvm-2", "lvm-3");
  }

  @Test
  void everyProblemOfALoadIsReportedTogether() {
    Path file =
        TestFiles.write(
            dir,
            "bosun.conf",
            "[DEFAULT]",
            "report_interval = ten",
            "workers = 0",
            "bad line",
            "[database]");
    Opt<String> required = Opt.string("transport_url").required().help("Where the bus is.").build();
    ConfigLoadException e =
        catchThrowableOfType(
            ConfigLoadException.class,
            () ->
                builder(
                        List.of(
                            "--config-file",
                            file.toString(),
                            "--config-dir",
                            dir.resolve("nope").toString(),
                            "--debugg"),
                        Map.of("BOSUN_DEBUG", "maybe"))
                    .register(required)
                    .build());
    assertThat(e.problems())
        .extracting(Throwable::getMessage)
        .containsExactlyInAnyOrder(
            "command line --debugg: unknown option; did you mean --debug?",
            file + ":4: expected 'name = value', found 'bad line'",
            dir.resolve("nope") + ": config directory not found",
            file
                + ":2: [DEFAULT] report_interval = 'ten': expected a duration such as 10, 10s,"
                + " 500ms or PT10S",
            file + ":3: [DEFAULT] workers = '0': expected an integer >= 1",
            "env BOSUN_DEBUG: [DEFAULT] debug = 'maybe': expected a boolean: true/false, yes/no,"
                + " on/off or 1/0",
            "[DEFAULT] transport_url is required but has no value; set it in a config file"
                + " ([DEFAULT] transport_url = ...), in the environment (BOSUN_TRANSPORT_URL) or on"
                + " the command line (--transport-url ...)");
    assertThat(e.getMessage()).startsWith("Invalid configuration (7 problems):\n  ");
  }

  @Test
  void aBadValueShadowedByAStrongerSourceIsNotAnError() {
    Path file = TestFiles.write(dir, "bosun.conf", "[DEFAULT]", "workers = many");
    Config config =
        builder(List.of("--config-file", file.toString()), Map.of("BOSUN_WORKERS", "3")).build();
    assertThat(config.get(WORKERS)).isEqualTo(3);
  }

  @Test
  void requiredOptionInAGroupNamesWhereToSetIt() {
    Opt<String> connection =
        Opt.string("connection").group("database").required().help("Database URL.").build();
    ConfigLoadException e =
        catchThrowableOfType(
            ConfigLoadException.class,
            () -> Config.builder().register(connection).environment(Map.of()).build());
    assertThat(e.problems())
        .singleElement()
        .isInstanceOf(MissingValueException.class)
        .extracting(Throwable::getMessage)
        .isEqualTo(
            "[database] connection is required but has"
                + " no value; set it in a config file ([database] connection = ...), in the"
                + " environment (BOSUN_DATABASE__CONNECTION) or on the command line"
                + " (--database-connection ...)");
    Config config =
        Config.builder()
            .register(connection)
            .environment(Map.of("BOSUN_DATABASE__CONNECTION", "jdbc:h2:mem:x"))
            .build();
    assertThat(config.get(connection)).isEqualTo("jdbc:h2:mem:x");
  }

  @Test
  void getWithoutValueOrDefaultNamesTheOptionAndFindIsEmpty() {
    Config config = builder(List.of(), Map.of()).build();
    assertThat(config.find(CONNECTION)).isEmpty();
    MissingValueException e =
        catchThrowableOfType(MissingValueException.class, () -> config.get(CONNECTION));
    assertThat(e)
        .hasMessageStartingWith(
            "[database] connection has no value and no default;"
                + " set it in a config file ([database] connection = ...)");
    assertThat(e.option()).isEqualTo(CONNECTION);
  }

  @Test
  void readingAnUnregisteredOptionIsAnError() {
    Config config = builder(List.of(), Map.of()).build();
    Opt<String> other = Opt.string("other").help("h").build();
    assertThat(catchThrowableOfType(ConfigException.class, () -> config.get(other)))
        .hasMessageContaining("[DEFAULT] other is not registered");
    Opt<Integer> lookalike = Opt.integer("workers").defaultValue(9).help("h").build();
    assertThat(catchThrowableOfType(ConfigException.class, () -> config.get(lookalike)))
        .hasMessageContaining("registered with other attributes");
  }

  @Test
  void lookupByName() {
    Config config = builder(List.of(), Map.of("BOSUN_DATABASE__CONNECTION", "db")).build();
    assertThat(config.option("DEFAULT", "report_interval")).contains(REPORT_INTERVAL);
    assertThat(config.value("DEFAULT", "report_interval")).contains(Duration.ofSeconds(10));
    assertThat(config.value("database", "connection")).contains("db");
    assertThat(config.value("database", "nope")).isEmpty();
    assertThat(config.option("nope", "connection")).isEmpty();
    assertThat(config.options()).containsExactly(DEBUG, REPORT_INTERVAL, WORKERS, CONNECTION);
  }

  @Test
  void deprecatedNamesAreReadWithAWarningAndTheNewNameWins() {
    Opt<Duration> downTime =
        Opt.duration("service_down_time")
            .defaultValue(Duration.ofMinutes(1))
            .deprecatedName("down_time")
            .deprecatedName("servicegroup", "down_time")
            .help("Seconds without a heartbeat after which a service is down.")
            .build();
    Path old = TestFiles.write(dir, "old.conf", "[DEFAULT]", "down_time = 30");
    Config config =
        Config.builder()
            .register(downTime)
            .args(List.of("--config-file", old.toString()))
            .environment(Map.of())
            .build();
    assertThat(config.get(downTime)).isEqualTo(Duration.ofSeconds(30));
    assertThat(sourceOf(config, downTime)).isEqualTo("file " + old + ":2");
    assertThat(warnings())
        .containsExactly(
            old + ":2: [DEFAULT] down_time is deprecated; use [DEFAULT] service_down_time instead");

    Path both =
        TestFiles.write(
            dir,
            "both.conf",
            "[servicegroup]",
            "down_time = 30",
            "[DEFAULT]",
            "service_down_time = 90");
    assertThat(
            Config.builder()
                .register(downTime)
                .args(List.of("--config-file", both.toString()))
                .environment(Map.of())
                .build()
                .get(downTime))
        .isEqualTo(Duration.ofSeconds(90));

    Config fromEnv =
        Config.builder()
            .register(downTime)
            .environment(Map.of("BOSUN_SERVICEGROUP__DOWN_TIME", "45"))
            .build();
    assertThat(fromEnv.get(downTime)).isEqualTo(Duration.ofSeconds(45));

    Config fromArgs =
        Config.builder()
            .register(downTime)
            .environment(Map.of())
            .args(List.of("--down-time", "50"))
            .build();
    assertThat(fromArgs.get(downTime)).isEqualTo(Duration.ofSeconds(50));
    assertThat(warnings())
        .contains(
            "command line --down-time: [DEFAULT] down_time is deprecated;"
                + " use [DEFAULT] service_down_time instead");
  }

  @Test
  void environmentPrefixCanBeChanged() {
    Config config =
        builder(List.of(), Map.of("BOSUN_WORKERS", "2", "NOVA_WORKERS", "3"))
            .envPrefix("NOVA")
            .build();
    assertThat(config.get(WORKERS)).isEqualTo(3);
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  static String sourceOf(Config config, Opt<?> opt) {
    return config.effectiveValues().stream()
        .filter(v -> v.option().equals(opt))
        .findFirst()
        .orElseThrow()
        .source()
        .toString();
  }
}
