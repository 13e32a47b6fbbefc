package dev.bosun.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualClockTest {

  @Test
  void advanceRunsDueActionsInOrderAtTheirDueTime() {
    ManualClock clock = ManualClock.create();
    List<String> fired = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(5), () -> fired.add("b@" + clock.nanoTime()));
    clock.schedule(Duration.ofSeconds(2), () -> fired.add("a@" + clock.nanoTime()));
    clock.schedule(Duration.ofSeconds(5), () -> fired.add("c@" + clock.nanoTime()));
    clock.schedule(Duration.ofSeconds(11), () -> fired.add("late"));

    clock.advance(Duration.ofSeconds(10));

    assertThat(fired).containsExactly("a@2000000000", "b@5000000000", "c@5000000000");
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void actionsScheduledDuringAdvanceFireIfTheyFallInTheStep() {
    ManualClock clock = ManualClock.create();
    List<Long> fired = new ArrayList<>();
    Runnable[] tick = new Runnable[1];
    tick[0] =
        () -> {
          fired.add(clock.nanoTime() / 1_000_000_000L);
          clock.schedule(Duration.ofSeconds(3), tick[0]);
        };
    clock.schedule(Duration.ofSeconds(3), tick[0]);

    clock.advance(Duration.ofSeconds(10));

    assertThat(fired).containsExactly(3L, 6L, 9L);
  }

  @Test
  void cancelledActionsDoNotRun() {
    ManualClock clock = ManualClock.create();
    List<String> fired = new ArrayList<>();
    Cancellable handle = clock.schedule(Duration.ofSeconds(1), () -> fired.add("x"));

    assertThat(handle.cancel()).isTrue();
    assertThat(handle.cancel()).isFalse();
    clock.advance(Duration.ofSeconds(5));

    assertThat(fired).isEmpty();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void zeroDelayRunsOnRunDueWithoutMovingTime() {
    ManualClock clock = ManualClock.create();
    List<String> fired = new ArrayList<>();
    clock.schedule(Duration.ZERO, () -> fired.add("now"));

    clock.runDue();

    assertThat(fired).containsExactly("now");
    assertThat(clock.nanoTime()).isZero();
  }

  @Test
  void wallTimeFollowsTheMonotonicTime() {
    ManualClock clock = ManualClock.create();
    var start = clock.now();
    clock.advance(Duration.ofMinutes(2));
    assertThat(clock.now()).isEqualTo(start.plusSeconds(120));
  }

  @Test
  void negativeDelaysAreRefusedWithTheValue() {
    ManualClock clock = ManualClock.create();
    assertThatThrownBy(() -> clock.schedule(Duration.ofSeconds(-1), () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
  }
}
