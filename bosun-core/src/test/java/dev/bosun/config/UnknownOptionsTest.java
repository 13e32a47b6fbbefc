package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class UnknownOptionsTest {
  static final Opt<Duration> REPORT_INTERVAL =
      Opt.duration("report_interval")
          .defaultValue(Duration.ofSeconds(10))
          .deprecatedName("old_interval")
          .help("h")
          .build();
  static final Opt<String> CONNECTION =
      Opt.string("connection").group("database").help("h").build();

  @TempDir Path dir;

  @Test
  void unknownOptionsAndSectionsAreWarnedWithTheNearestName() {
    Path file =
        TestFiles.write(
            dir,
            "bosun.conf",
            "[DEFAULT]",
            "report_intervall = 5",
            "old_interval = 7",
            "connection = x",
            "zzz = 1",
            "[databse]",
            "connection = y",
            "other = z",
            "[volumes]",
            "a = 1");
    Config config =
        Config.builder()
            .register(REPORT_INTERVAL, CONNECTION)
            .environment(Map.of("BOSUN_THREADS", "virtual"))
            .args(List.of("--config-file", file.toString()))
            .build();
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(7));

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger logger = (Logger) LoggerFactory.getLogger(Config.class);
    logger.addAppender(logs);
    try {
      List<String> warnings = config.warnUnknown();
      assertThat(warnings)
          .containsExactly(
              file
                  + ":2: unknown option [DEFAULT] report_intervall is ignored; did you mean"
                  + " report_interval?",
              file
                  + ":4: unknown option [DEFAULT] connection is ignored; did you mean"
                  + " [database] connection (in another section)?",
              file + ":5: unknown option [DEFAULT] zzz is ignored",
              file + ":6: unknown section [databse] is ignored; did you mean [database]?",
              file + ":9: unknown section [volumes] is ignored");
      assertThat(logs.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
      assertThat(logs.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactlyElementsOf(warnings);
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void anOptionRegisteredLateIsNoLongerUnknown() {
    Path file = TestFiles.write(dir, "bosun.conf", "[database]", "connection = x");
    Config config =
        Config.builder()
            .environment(Map.of())
            .args(List.of("--config-file", file.toString()))
            .build();
    assertThat(config.warnUnknown()).hasSize(1);
    config.register(CONNECTION);
    assertThat(config.warnUnknown()).isEmpty();
    assertThat(config.get(CONNECTION)).isEqualTo("x");
  }

  @Test
  void anyNameInAnOpenSectionIsKnownButAMisspeltSectionIsStillWarned() {
    Path file =
        TestFiles.write(
            dir,
            "bosun.conf",
            "[upgrade_levels]",
            "volume = auto",
            "scheduler = 1.2",
            "[upgrade_level]",
            "volume = auto",
            "[database]",
            "conection = x");
    Config config =
        Config.builder()
            .register(CONNECTION)
            .register(OptionGroup.of("upgrade_levels", "Caps.").asOpen())
            .environment(Map.of())
            .args(List.of("--config-file", file.toString()))
            .build();

    assertThat(config.warnUnknown())
        .containsExactly(
            file + ":4: unknown section [upgrade_level] is ignored; did you mean [upgrade_levels]?",
            file + ":7: unknown option [database] conection is ignored; did you mean connection?");
  }

  @Test
  void aSectionRegisteredOpenAfterBuildIsNoLongerWarned() {
    Path file = TestFiles.write(dir, "bosun.conf", "[upgrade_levels]", "volume = auto");
    Config config =
        Config.builder()
            .environment(Map.of())
            .args(List.of("--config-file", file.toString()))
            .build();
    assertThat(config.warnUnknown())
        .containsExactly(file + ":1: unknown section [upgrade_levels] is ignored");

    config.register(OptionGroup.of("upgrade_levels", "Caps.").asOpen());
    assertThat(config.warnUnknown()).isEmpty();
    Opt<String> volume = Opt.string("volume").group("upgrade_levels").help("h").build();
    assertThat(config.register(volume).get(volume)).isEqualTo("auto");
  }

  @Test
  void aClosedRegistrationOfTheSameSectionDoesNotCloseIt() {
    Path file = TestFiles.write(dir, "bosun.conf", "[upgrade_levels]", "volume = auto");
    Opt<String> scheduler = Opt.string("scheduler").group("upgrade_levels").help("h").build();
    Config config =
        Config.builder()
            .register(OptionGroup.of("upgrade_levels", "Caps.").asOpen())
            .register(OptionGroup.of("upgrade_levels", "Caps.", scheduler))
            .environment(Map.of())
            .args(List.of("--config-file", file.toString()))
            .build();
    assertThat(config.warnUnknown()).isEmpty();
  }
}
