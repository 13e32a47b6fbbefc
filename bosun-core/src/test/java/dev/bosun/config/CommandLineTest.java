package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  static final Opt<Duration> REPORT_INTERVAL =
      Opt.duration("report_interval").defaultValue(Duration.ofSeconds(10)).help("h").build();
  static final Opt<Boolean> DEBUG = Opt.bool("debug").defaultValue(false).help("h").build();
  static final Opt<Boolean> ENABLED =
      Opt.bool("enabled").group("periodic").defaultValue(true).help("h").build();
  static final Opt<String> CONNECTION =
      Opt.string("connection").group("database").help("h").build();
  static final Opt<Integer> MAX_POOL =
      Opt.integer("max_pool_size").group("database").help("h").build();

  private static Config parse(String... args) {
    return Config.builder()
        .register(REPORT_INTERVAL, DEBUG, ENABLED, CONNECTION, MAX_POOL)
        .environment(Map.of())
        .args(List.of(args))
        .build();
  }

  private static List<String> problems(String... args) {
    return catchThrowableOfType(ConfigLoadException.class, () -> parse(args)).problems().stream()
        .map(Throwable::getMessage)
        .toList();
  }

  @Test
  void valuesSeparateOrAfterEquals() {
    Config config =
        parse(
            "--report-interval",
            "5s",
            "--database-connection=jdbc:x=1",
            "--database-max_pool_size",
            "-1");
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.get(CONNECTION)).isEqualTo("jdbc:x=1");
    assertThat(config.get(MAX_POOL)).isEqualTo(-1);
  }

  @Test
  void underscoresMayStandForDashesAndTheLastOccurrenceWins() {
    Config config = parse("--report_interval", "5", "--report-interval", "6");
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(6));
    assertThat(SourcesTest.sourceOf(config, REPORT_INTERVAL))
        .isEqualTo("command line --report-interval");
  }

  @Test
  void booleansLikeOslo() {
    assertThat(parse("--debug").get(DEBUG)).isTrue();
    assertThat(parse("--debug", "--nodebug").get(DEBUG)).isFalse();
    assertThat(parse("--debug=true").get(DEBUG)).isTrue();
    assertThat(parse("--debug=no").get(DEBUG)).isFalse();
    assertThat(parse("--periodic-noenabled").get(ENABLED)).isFalse();
    assertThat(parse("--periodic-enabled=false", "--periodic-enabled").get(ENABLED)).isTrue();
  }

  @Test
  void aBooleanFlagTakesAFollowingTrueOrFalse() {
    assertThat(parse("--debug", "false").get(DEBUG)).isFalse();
    assertThat(parse("--debug", "TRUE").get(DEBUG)).isTrue();
    assertThat(problems("--debug", "maybe"))
        .containsExactly(
            "command line maybe: unexpected "
                + "argument; options look like --name value or --group-name value");
  }

  @Test
  void unknownOptionIsAnErrorWithASuggestion() {
    assertThat(problems("--report-intervall", "5"))
        .containsExactly(
            "command line --report-intervall: unknown option; did you mean --report-interval?");
    assertThat(problems("--database-conection=x"))
        .containsExactly(
            "command line --database-conection: unknown option; did you mean --database-connection?");
    assertThat(problems("--config-fil", "x.conf"))
        .containsExactly("command line --config-fil: unknown option; did you mean --config-file?");
    assertThat(problems("--zzz")).containsExactly("command line --zzz: unknown option");
  }

  @Test
  void otherArgumentMistakes() {
    assertThat(problems("stray"))
        .containsExactly(
            "command line stray: unexpected argument;"
                + " options look like --name value or --group-name value");
    assertThat(problems("--database-connection"))
        .containsExactly(
            "command line --database-connection: needs a value, e.g. --database-connection VALUE");
    assertThat(problems("--database-connection", "--debug"))
        .containsExactly(
            "command line --database-connection: needs a value, e.g. --database-connection VALUE");
    assertThat(problems("--nodebug=true"))
        .containsExactly("command line --nodebug: takes no value; write --nodebug or --debug=true");
    assertThat(problems("--config-file"))
        .containsExactly(
            "command line --config-file: needs a path, e.g. --config-file /etc/bosun/bosun.conf");
    assertThat(problems("--debug=maybe"))
        .containsExactly(
            "command line --debug: [DEFAULT] debug"
                + " = 'maybe': expected a boolean: true/false, yes/no, on/off or 1/0");
  }

  @Test
  void ambiguousSpellingIsAnError() {
    Opt<String> flat = Opt.string("database_connection").help("h").build();
    ConfigLoadException e =
        catchThrowableOfType(
            ConfigLoadException.class,
            () ->
                Config.builder()
                    .register(flat, CONNECTION)
                    .environment(Map.of())
                    .args(List.of("--database-connection", "x"))
                    .build());
    assertThat(e.problems())
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("ambiguous")
        .contains("[DEFAULT] database_connection")
        .contains("[database] connection");
  }
}
