package dev.bosun.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.service.ServiceOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsUnitsBareSecondsAndIso() {
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("60")).isEqualTo(Duration.ofSeconds(60));
    assertThat(Durations.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse(" 1h ")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("PT10S")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("-1")).isEqualTo(Duration.ofSeconds(-1));
    assertThat(Durations.parse("0")).isZero();
  }

  @Test
  void durationOptionsReadTheSameSyntax() {
    for (String text :
        List.of(
            "10s", "500ms", "60", "1.5", "2m", " 1h ", "1d", "PT10S", "pt1m", "-1", "-1.5s",
            "-PT1S", "0")) {
      assertThat(ValueType.DURATION.parse(text)).as(text).contains(Durations.parse(text));
    }
    assertThat(ValueType.DURATION.parse("ten seconds")).isEmpty();
  }

  /** The syntax takes negative numbers (for spacings): the intervals must still refuse them. */
  @Test
  void negativeHeartbeatTimesAreStillRefused() {
    for (Opt<Duration> opt :
        List.of(ServiceOptions.REPORT_INTERVAL, ServiceOptions.SERVICE_DOWN_TIME)) {
      assertThatThrownBy(
              () ->
                  Config.builder()
                      .register(opt)
                      .environment(Map.of(opt.environmentVariable(), "-1"))
                      .build())
          .isInstanceOf(ConfigLoadException.class)
          .hasMessageContaining(opt.name() + " = '-1'");
    }
  }

  @Test
  void rejectsOtherTextNamingIt() {
    assertThatThrownBy(() -> Durations.parse("ten seconds"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ten seconds'");
    assertThatThrownBy(() -> Durations.parse("10 parsecs")).hasMessageContaining("'10 parsecs'");
  }

  @Test
  void formatsShortly() {
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
  }
}
