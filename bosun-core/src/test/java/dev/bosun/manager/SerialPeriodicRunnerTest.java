package dev.bosun.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SerialPeriodicRunnerTest {
  private final ManualClock clock = ManualClock.create();
  private final List<String> ran = new ArrayList<>();
  private final PeriodicTasks tasks = PeriodicTasks.create("Fake", name -> Optional.empty());

  private void task(String name, String spacing, boolean immediate) {
    tasks.add(
        PeriodicTask.builder(name, context -> ran.add(name + "@" + seconds()))
            .spacing(spacing)
            .runImmediately(immediate)
            .build());
  }

  private long seconds() {
    return clock.nanoTime() / 1_000_000_000L;
  }

  private SerialPeriodicRunner runner() {
    return PeriodicRunner.builder(tasks)
        .scheduler(clock)
        .fuzzyDelay(Duration.ZERO)
        .random(new Random(1))
        .executor(Runnable::run)
        .serial();
  }

  @Test
  void returnsTimeUntilTheNextTaskIsDue() {
    task("ten", "10s", false);
    task("thirty", "30s", false);
    SerialPeriodicRunner runner = runner();

    assertThat(runner.runPeriodicTasks(false)).isEqualTo(Duration.ofSeconds(10));
    assertThat(ran).isEmpty();

    clock.advance(Duration.ofSeconds(4));
    assertThat(runner.runPeriodicTasks(false)).isEqualTo(Duration.ofSeconds(6));

    clock.advance(Duration.ofSeconds(6));
    assertThat(runner.runPeriodicTasks(false)).isEqualTo(Duration.ofSeconds(10));
    assertThat(ran).containsExactly("ten@10");
  }

  @Test
  void immediateTasksRunOnTheFirstCallAndIdleIsCappedAtTheDefaultInterval() {
    task("hourly", "1h", true);
    SerialPeriodicRunner runner = runner();

    Duration idle = runner.runPeriodicTasks(false);

    assertThat(ran).containsExactly("hourly@0");
    assertThat(idle).isEqualTo(PeriodicTasks.DEFAULT_INTERVAL);
  }

  @Test
  void missedRunsAreNotReplayedAndTheScheduleSnapsToTheLatestBoundary() {
    task("ten", "10s", true);
    SerialPeriodicRunner runner = runner();
    runner.runPeriodicTasks(false);

    clock.advance(Duration.ofSeconds(35));
    Duration idle = runner.runPeriodicTasks(false);

    assertThat(ran).containsExactly("ten@0", "ten@35");
    // last slot snapped to 30 s (no jitter under 20 s), so the next is due at 40 s
    assertThat(idle).isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(4));
    assertThat(runner.runPeriodicTasks(false)).isEqualTo(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    runner.runPeriodicTasks(false);
    assertThat(ran).containsExactly("ten@0", "ten@35", "ten@40");
  }

  @Test
  void aFailingTaskIsLoggedAndTheNextOneStillRuns() {
    // Regression for oslo bug 1730556: one exception used to stop every periodic task.
    tasks.add(
        PeriodicTask.builder(
                "broken",
                context -> {
                  throw new StackOverflowError("deep");
                })
            .spacing("10s")
            .runImmediately(true)
            .build());
    task("healthy", "10s", true);
    SerialPeriodicRunner runner = runner();

    runner.runPeriodicTasks(false);

    assertThat(ran).containsExactly("healthy@0");
    PeriodicTaskStats broken = runner.stats().get(0);
    assertThat(broken.failures()).isEqualTo(1);
    assertThat(broken.lastError()).contains("java.lang.StackOverflowError: deep");
  }

  @Test
  void raiseOnErrorPropagatesTheFailureAndStopsThisPass() {
    IllegalStateException failure = new IllegalStateException("backend unreachable");
    tasks.add(
        PeriodicTask.builder(
                "broken",
                context -> {
                  throw failure;
                })
            .spacing("10s")
            .runImmediately(true)
            .build());
    task("healthy", "10s", true);
    SerialPeriodicRunner runner = runner();

    assertThatThrownBy(() -> runner.runPeriodicTasks(true)).isSameAs(failure);
    assertThat(ran).isEmpty();
    assertThat(runner.stats().get(0).failures()).isEqualTo(1);
  }

  @Test
  void raiseOnErrorWrapsCheckedExceptions() {
    tasks.add(
        PeriodicTask.builder(
                "io",
                context -> {
                  throw new java.io.IOException("disk");
                })
            .spacing("10s")
            .runImmediately(true)
            .build());

    assertThatThrownBy(() -> runner().runPeriodicTasks(true))
        .isInstanceOf(PeriodicTaskException.class)
        .hasMessageContaining("Fake.io")
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void externalTasksAreSkippedWhenAnotherProcessRunsThem() {
    AtomicBoolean runExternal = new AtomicBoolean(false);
    tasks.add(
        PeriodicTask.builder("external", context -> ran.add("external"))
            .spacing("10s")
            .runImmediately(true)
            .externalProcessOk(true)
            .build());
    task("local", "10s", true);
    SerialPeriodicRunner runner =
        PeriodicRunner.builder(tasks)
            .scheduler(clock)
            .runExternalPeriodicTasks(runExternal::get)
            .serial();

    runner.runPeriodicTasks(false);
    runExternal.set(true);
    runner.runPeriodicTasks(false);

    assertThat(ran).containsExactly("local@0", "external");
  }

  @Test
  void dynamicTimerSleepsWhatTheRunReturnsCappedByTheMaximum() {
    task("five", "5s", true);
    task("twenty", "20s", true);
    SerialPeriodicRunner runner =
        PeriodicRunner.builder(tasks)
            .scheduler(clock)
            .fuzzyDelay(Duration.ZERO)
            .executor(Runnable::run)
            .periodicIntervalMax(Duration.ofSeconds(3))
            .serial();

    runner.start();
    clock.runDue();
    assertThat(ran).containsExactly("five@0", "twenty@0");
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(3));

    // woken at 3 s (the cap), nothing is due, so it sleeps exactly the 2 s left
    clock.advance(Duration.ofSeconds(3));
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(18));
    assertThat(ran)
        .containsExactly(
            "five@0", "twenty@0", "five@5", "five@10", "five@15", "five@20", "twenty@20");
    runner.stop();
    clock.advance(Duration.ofMinutes(5));
    assertThat(ran).hasSize(7);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void stopEndsThePassUnderWayAndAwaitIdleWaitsForThatPass() throws Exception {
    // Regression: a pass ran every due task after stop(), and awaitIdle counted only the task
    // running at that instant, so a service's stop returned and then later tasks started.
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    task("a", "10s", true);
    tasks.add(
        PeriodicTask.builder("b", context -> ran.add("b@" + seconds()))
            .spacing("10s")
            .runImmediately(true)
            .externalProcessOk(true)
            .build());
    SerialPeriodicRunner runner =
        PeriodicRunner.builder(tasks)
            .scheduler(clock)
            .fuzzyDelay(Duration.ZERO)
            .executor(Runnable::run)
            .runExternalPeriodicTasks(
                () -> {
                  asked.countDown();
                  try {
                    return answer.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .serial();
    runner.start();

    CompletableFuture<Void> pass = CompletableFuture.runAsync(clock::runDue);
    assertThat(asked.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(runner.awaitIdle(Duration.ofMillis(50))).as("a pass is under way").isFalse();
    runner.stop();
    answer.countDown();

    assertThat(runner.awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(pass).succeedsWithin(Duration.ofSeconds(30));
    assertThat(ran).containsExactly("a@0");
  }

  @Test
  void dynamicTimerWaitsTheFuzzyDelayBeforeItsFirstPass() {
    task("now", "10s", true);
    SerialPeriodicRunner runner =
        PeriodicRunner.builder(tasks)
            .scheduler(clock)
            .fuzzyDelay(Duration.ofSeconds(60))
            .random(new Random(7))
            .executor(Runnable::run)
            .serial();

    runner.start();

    Duration initial = clock.pendingDelays().get(0);
    assertThat(initial).isBetween(Duration.ZERO, Duration.ofSeconds(60));
    assertThat(initial.toNanos() % 1_000_000_000L).isZero();
    clock.advance(initial);
    assertThat(ran).containsExactly("now@" + initial.toSeconds());
  }
}
