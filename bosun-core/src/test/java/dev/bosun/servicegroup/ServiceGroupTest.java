package dev.bosun.servicegroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServiceGroupTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");

  @Test
  void serviceDownTimeLargerThanReportIntervalIsKept() {
    assertThat(
            ServiceGroup.effectiveServiceDownTime(Duration.ofSeconds(10), Duration.ofSeconds(60)))
        .isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void serviceDownTimeNotLargerThanReportIntervalIsRaisedToTwoAndAHalfIntervals() {
    assertThat(
            ServiceGroup.effectiveServiceDownTime(Duration.ofSeconds(10), Duration.ofSeconds(10)))
        .isEqualTo(Duration.ofSeconds(25));
    assertThat(ServiceGroup.effectiveServiceDownTime(Duration.ofSeconds(30), Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(75));
    // int(2.5 * 3) = 7, nova truncates
    assertThat(ServiceGroup.effectiveServiceDownTime(Duration.ofSeconds(3), Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void subSecondIntervalsAreRaisedWithoutTruncatingToZero() {
    assertThat(ServiceGroup.effectiveServiceDownTime(Duration.ofMillis(100), Duration.ofMillis(50)))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void nonPositiveDurationsAreRefusedWithTheValue() {
    assertThatThrownBy(
            () -> ServiceGroup.effectiveServiceDownTime(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("report_interval")
        .hasMessageContaining("PT0S");
  }

  @Test
  void upMeansNotForcedDownAndAHeartbeatWithinServiceDownTime() {
    Duration downTime = Duration.ofSeconds(60);
    assertThat(ServiceGroup.isUp(false, NOW.minusSeconds(60), NOW, downTime)).isTrue();
    assertThat(ServiceGroup.isUp(false, NOW.minusSeconds(61), NOW, downTime)).isFalse();
    assertThat(ServiceGroup.isUp(true, NOW, NOW, downTime)).isFalse();
    assertThat(ServiceGroup.isUp(false, NOW.plusSeconds(3600), NOW, downTime))
        .as("a heartbeat after now (database clock stepped back) counts as up")
        .isTrue();
  }

  @Test
  void rpcVersionsCompareAsNumbers() {
    assertThat(RpcVersions.ORDER.compare("1.10", "1.9")).isPositive();
    assertThat(RpcVersions.ORDER.compare("2.0", "10.0")).isNegative();
    assertThat(RpcVersions.ORDER.compare("3", "3.0")).isZero();
    assertThat(RpcVersions.valid("1.x")).isFalse();
    assertThat(RpcVersions.valid("1.2.3")).isFalse();
  }

  @Test
  void registrationRefusesBadValuesWithTheValue() {
    assertThatThrownBy(() -> ServiceRegistration.create(" ", "b", "t", 1))
        .hasMessageContaining("host");
    assertThatThrownBy(() -> ServiceRegistration.create("h", "b", "t", -1))
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> ServiceRegistration.create("h", "b", "t", 1, "one.two"))
        .hasMessageContaining("one.two");
  }
}
