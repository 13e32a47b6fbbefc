package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps the configuration honest with an operator: bounded input, warnings that are not lost,
 * secrets masked no more and no less than needed, ignored options marked.
 */
class OperatorSafetyTest {
  static final Opt<Duration> REPORT_INTERVAL =
      Opt.duration("report_interval").defaultValue(Duration.ofSeconds(10)).help("h").build();
  static final Opt<String> TRANSPORT_URL =
      Opt.url("transport_url").secretPassword().defaultValue("memory://").help("h").build();
  static final Opt<String> PASSWORD = Opt.string("admin_password").secret().help("h").build();
  static final Opt<String> LOGIN =
      Opt.string("login_method").ignored().defaultValue("AMQPLAIN").help("h").build();

  @TempDir Path dir;

  @Test
  void aFileOverTheSizeLimitIsOneErrorNamingTheFileAndTheLimit() throws IOException {
    Path big = dir.resolve("huge.conf");
    byte[] line = "[DEFAULT]\nreport_interval = 5\n".getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = Files.newOutputStream(big)) {
      long written = 0;
      while (written <= IniFile.MAX_SIZE) {
        out.write(line);
        written += line.length;
      }
    }
    assertThatThrownBy(
            () ->
                Config.builder()
                    .register(REPORT_INTERVAL)
                    .args(List.of("--config-file", big.toString()))
                    .build())
        .isInstanceOf(ConfigLoadException.class)
        .hasMessageContaining(big.toString())
        .hasMessageContaining("larger than 4 MiB");
  }

  @Test
  void aFileJustUnderTheLimitIsRead() throws IOException {
    Path file = dir.resolve("padded.conf");
    StringBuilder text = new StringBuilder("[DEFAULT]\nreport_interval = 5\n");
    String comment = "# " + "x".repeat(1000) + "\n";
    while (text.length() + comment.length() < IniFile.MAX_SIZE) {
      text.append(comment);
    }
    Files.writeString(file, text);
    Config config =
        Config.builder()
            .register(REPORT_INTERVAL)
            .args(List.of("--config-file", file.toString()))
            .build();
    assertThat(config.get(REPORT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void unknownOptionWarningsAreCappedPerFileWithACount() {
    List<String> lines = new ArrayList<>(List.of("[DEFAULT]"));
    for (int i = 0; i < 1000; i++) {
      lines.add("junk_option_" + i + " = " + i);
    }
    Path file = TestFiles.write(dir, "junk.conf", lines.toArray(new String[0]));
    Config config =
        Config.builder()
            .register(REPORT_INTERVAL)
            .args(List.of("--config-file", file.toString()))
            .build();
    List<String> warnings = config.warnUnknown();
    assertThat(warnings).hasSize(UnknownOptions.MAX_PER_FILE + 1);
    assertThat(warnings.get(0)).contains("junk_option_0");
    assertThat(warnings.get(UnknownOptions.MAX_PER_FILE))
        .isEqualTo(
            file + ": ... and 980 more unknown options or sections in this file, all ignored");
  }

  @Test
  void aTypoWarningIsReportedWithTheErrorsOfTheSameFile() {
    Path file =
        TestFiles.write(
            dir, "bosun.conf", "[DEFAULT]", "report_interal = 5", "report_interval = soon");
    assertThatThrownBy(
            () ->
                Config.builder()
                    .register(REPORT_INTERVAL)
                    .args(List.of("--config-file", file.toString()))
                    .build())
        .isInstanceOfSatisfying(
            ConfigLoadException.class,
            e -> {
              assertThat(e.problems()).hasSize(1);
              assertThat(e.warnings())
                  .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                  .contains(file + ":2: unknown option [DEFAULT] report_interal")
                  .contains("did you mean report_interval?");
              assertThat(e.getMessage())
                  .contains("report_interval = 'soon'")
                  .contains("1 warning:")
                  .contains("report_interal");
            });
  }

  @Test
  void aSecretUrlHasOnlyItsPasswordMasked() {
    Path file =
        TestFiles.write(
            dir,
            "bosun.conf",
            "[DEFAULT]",
            "transport_url = rabbit://guest:hunter2@h1:5672,bob:p@ss@h2:5672/",
            "admin_password = hunter2");
    Config config =
        Config.builder()
            .register(TRANSPORT_URL, PASSWORD)
            .args(List.of("--config-file", file.toString()))
            .build();
    assertThat(config.effectiveValues())
        .extracting(EffectiveValue::value)
        .containsExactly(
            Optional.of("****"), Optional.of("rabbit://guest:***@h1:5672,bob:***@h2:5672/"));
    assertThat(config.renderTable()).doesNotContain("hunter2").doesNotContain("p@ss");
    Config defaults = Config.builder().register(TRANSPORT_URL).environment(Map.of()).build();
    assertThat(defaults.effectiveValues().get(0).value()).contains("memory://");
    assertThat(TRANSPORT_URL.displayValue("jdbc:postgresql://db/x?user=u&password=pw&ssl=1"))
        .isEqualTo("jdbc:postgresql://db/x?user=u&password=***&ssl=1");
  }

  @Test
  void aBadSecretUrlValueIsMaskedInTheError() {
    Opt<Integer> port = Opt.integer("port").secretPassword().help("h").build();
    assertThat(port.displayValue("123")).isEqualTo("123");
    InvalidValueException e =
        new InvalidValueException(
            TRANSPORT_URL, new ValueSource.Default(), "rabbit://u:topsecret@h:x/", "a URL");
    assertThat(e.getMessage()).contains("rabbit://u:***@h:x/").doesNotContain("topsecret");
  }

  @Test
  void ignoredOptionsAreMarkedInTheTableAndTheSample() {
    Config config = Config.builder().register(LOGIN).environment(Map.of()).build();
    assertThat(config.renderTable()).contains("default" + EffectiveValue.IGNORED_MARK);
    assertThat(Config.sample(List.of(LOGIN, REPORT_INTERVAL)))
        .contains("# IGNORED by Bosun")
        .containsOnlyOnce("IGNORED");
  }
}
