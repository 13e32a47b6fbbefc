package dev.bosun.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ParallelPeriodicRunnerTest {
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private final ManualClock clock = ManualClock.create();
  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final PeriodicTasks tasks = PeriodicTasks.create("Fake", name -> Optional.empty());
  private final CountDownLatch releaseHung = new CountDownLatch(1);
  private PeriodicRunner runner;

  @AfterEach
  void stopRunner() throws InterruptedException {
    releaseHung.countDown();
    if (runner != null) {
      runner.stop();
      assertThat(runner.awaitIdle(GENEROUS)).isTrue();
    }
  }

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

  private PeriodicRunner.Builder builder() {
    return PeriodicRunner.builder(tasks)
        .scheduler(clock)
        .fuzzyDelay(Duration.ZERO)
        .random(new Random(1));
  }

  private PeriodicTaskStats stats(String name) {
    return runner.stats().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void eachTaskRunsOnItsOwnSchedule() {
    task("now", "10s", true);
    task("three", "3s", false);
    runner = builder().executor(Runnable::run).parallel();

    runner.start();
    clock.runDue();
    clock.advance(Duration.ofSeconds(10));

    assertThat(ran).containsExactly("now@0", "three@3", "three@6", "three@9", "now@10");
  }

  @Test
  void aHungTaskDoesNotDelayAnother() throws Exception {
    CountDownLatch hungStarted = new CountDownLatch(1);
    tasks.add(
        PeriodicTask.builder(
                "hung",
                context -> {
                  hungStarted.countDown();
                  releaseHung.await();
                })
            .spacing("1s")
            .runImmediately(true)
            .build());
    Semaphore quickRuns = new Semaphore(0);
    tasks.add(
        PeriodicTask.builder("quick", context -> quickRuns.release())
            .spacing("1s")
            .runImmediately(true)
            .build());
    runner = builder().parallel();

    runner.start();
    clock.runDue();
    assertThat(hungStarted.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    for (int slot = 1; slot <= 4; slot++) {
      assertThat(quickRuns.tryAcquire(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
      waitUntil(() -> !stats("quick").running());
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(quickRuns.tryAcquire(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    waitUntil(() -> !stats("quick").running());

    assertThat(stats("quick").runs()).isEqualTo(5);
    assertThat(stats("quick").skippedOverlaps()).isZero();
    assertThat(stats("hung").running()).isTrue();
    assertThat(stats("hung").runs()).isEqualTo(1);
    assertThat(stats("hung").skippedOverlaps()).isEqualTo(4);
  }

  @Test
  void aTaskNeverOverlapsItselfAndSkippedSlotsAreCounted() throws Exception {
    Semaphore started = new Semaphore(0);
    AtomicBoolean inside = new AtomicBoolean();
    AtomicBoolean overlapped = new AtomicBoolean();
    CountDownLatch[] gate = {new CountDownLatch(1)};
    tasks.add(
        PeriodicTask.builder(
                "slow",
                context -> {
                  if (!inside.compareAndSet(false, true)) {
                    overlapped.set(true);
                  }
                  CountDownLatch mine = gate[0];
                  started.release();
                  mine.await();
                  inside.set(false);
                })
            .spacing("5s")
            .runImmediately(true)
            .build());
    runner = builder().parallel();

    runner.start();
    clock.runDue();
    assertThat(started.tryAcquire(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));

    assertThat(stats("slow").runs()).isEqualTo(1);
    assertThat(stats("slow").skippedOverlaps()).isEqualTo(2);

    CountDownLatch first = gate[0];
    gate[0] = new CountDownLatch(1);
    first.countDown();
    assertThat(runner.awaitIdle(GENEROUS)).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(started.tryAcquire(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
    gate[0].countDown();
    assertThat(runner.awaitIdle(GENEROUS)).isTrue();

    assertThat(stats("slow").runs()).isEqualTo(2);
    assertThat(overlapped).isFalse();
  }

  @Test
  void aFailureIsCountedAndTheTaskRunsAgainAtItsNextSlot() {
    int[] calls = {0};
    tasks.add(
        PeriodicTask.builder(
                "flaky",
                context -> {
                  calls[0]++;
                  throw new OutOfMemoryError("pretend " + calls[0]);
                })
            .spacing("2s")
            .runImmediately(true)
            .build());
    runner = builder().executor(Runnable::run).parallel();

    runner.start();
    clock.runDue();
    clock.advance(Duration.ofSeconds(2));

    PeriodicTaskStats flaky = stats("flaky");
    assertThat(flaky.runs()).isEqualTo(2);
    assertThat(flaky.failures()).isEqualTo(2);
    assertThat(flaky.lastError()).contains("java.lang.OutOfMemoryError: pretend 2");
    assertThat(flaky.running()).isFalse();
  }

  /**
   * Issue 13 items 10 and 11: a failing task is one ERROR line per run (no stack trace but at
   * DEBUG), and the slots skipped while a task overruns give one WARN line a minute, not one each.
   */
  @Test
  void failuresAreOneLineAndSkippedSlotsAreRateLimited() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(PeriodicRunner.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      tasks.add(
          PeriodicTask.builder(
                  "failing",
                  context -> {
                    throw new IllegalStateException("backend unreachable");
                  })
              .spacing("1s")
              .runImmediately(true)
              .build());
      CountDownLatch hungStarted = new CountDownLatch(1);
      tasks.add(
          PeriodicTask.builder(
                  "overrunning",
                  context -> {
                    hungStarted.countDown();
                    releaseHung.await();
                  })
              .spacing("1s")
              .runImmediately(true)
              .build());
      runner = builder().parallel();

      runner.start();
      clock.runDue();
      assertThat(hungStarted.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
      for (int slot = 1; slot <= 5; slot++) {
        waitUntil(() -> !stats("failing").running());
        clock.advance(Duration.ofSeconds(1));
      }
      waitUntil(() -> stats("failing").runs() == 6 && !stats("failing").running());

      assertThat(stats("overrunning").skippedOverlaps()).isEqualTo(5);
      List<ILoggingEvent> errors =
          log.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
      assertThat(errors).hasSize(6);
      assertThat(errors).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
      assertThat(errors.get(0).getFormattedMessage())
          .isEqualTo(
              "Error during periodic task Fake.failing: java.lang.IllegalStateException: backend"
                  + " unreachable; it runs again at its next slot");
      assertThat(log.list.stream().filter(e -> e.getLevel() == Level.WARN))
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.getFormattedMessage())
                      .contains("Fake.overrunning is still running"));
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void anExecutorThatThrowsCostsTheTaskOneSlotNotItsSchedule() throws Exception {
    // Regression: any throwable but RejectedExecutionException left the task marked running,
    // the runner busy for ever and the next slot unbooked.
    task("audit", "5s", true);
    AtomicInteger handedOver = new AtomicInteger();
    runner =
        builder()
            .executor(
                command -> {
                  if (handedOver.incrementAndGet() == 1) {
                    throw new IllegalStateException("pool broken");
                  }
                  command.run();
                })
            .parallel();

    runner.start();
    clock.runDue();

    assertThat(stats("audit").running()).isFalse();
    assertThat(runner.awaitIdle(GENEROUS)).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(ran).containsExactly("audit@5");
  }

  @Test
  void statsDescribeEachTaskAndRenderAsATable() {
    task("audit", "10s", true);
    task("report", "1m", false);
    runner = builder().executor(Runnable::run).parallel();
    Instant start = clock.now();

    runner.start();
    clock.runDue();

    PeriodicTaskStats audit = stats("audit");
    assertThat(audit.spacing()).contains(Duration.ofSeconds(10));
    assertThat(audit.runs()).isEqualTo(1);
    assertThat(audit.failures()).isZero();
    assertThat(audit.lastStart()).contains(start);
    assertThat(audit.lastDuration()).contains(Duration.ZERO);
    assertThat(audit.lastError()).isEmpty();
    assertThat(audit.nextDue()).contains(start.plusSeconds(10));
    PeriodicTaskStats report = stats("report");
    assertThat(report.runs()).isZero();
    assertThat(report.lastStart()).isEmpty();
    assertThat(report.nextDue()).contains(start.plusSeconds(60));

    String table = runner.statsTable();
    assertThat(table.lines()).hasSize(3);
    assertThat(table.lines().findFirst().orElseThrow()).startsWith("task").contains("skipped");
    assertThat(table).contains("audit").contains("report").contains("1m");
  }

  @Test
  void firstRunsWaitTheSpacingPlusAFuzzyDelayInWholeSeconds() {
    task("a", "10s", false);
    task("b", "10s", false);
    task("c", "10s", false);
    runner =
        builder()
            .fuzzyDelay(Duration.ofSeconds(60))
            .random(new Random(42))
            .executor(Runnable::run)
            .parallel();

    runner.start();

    assertThat(clock.pendingDelays())
        .hasSize(3)
        .allSatisfy(
            delay -> {
              assertThat(delay).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(70));
              assertThat(delay.toNanos() % 1_000_000_000L).isZero();
            });
  }

  @Test
  void slotsGetUpToFivePercentJitterInWholeSeconds() {
    task("long", "100s", true);
    runner = builder().random(new Random(3)).executor(Runnable::run).parallel();
    runner.start();
    clock.runDue();

    for (int i = 0; i < 20; i++) {
      Duration next = clock.pendingDelays().get(0);
      // measured from the last slot's jittered time, so the next boundary is 95..105 s away
      assertThat(next).isBetween(Duration.ofSeconds(95), Duration.ofSeconds(105));
      assertThat(next.toNanos() % 1_000_000_000L).isZero();
      clock.advance(next);
    }
    assertThat(stats("long").runs()).isEqualTo(21);
  }

  @Test
  void aLateTimerDoesNotReplayMissedSlots() {
    // The manual clock never fires late; this fake does, like a host that was suspended.
    LateScheduler late = new LateScheduler();
    task("ten", "10s", true);
    runner =
        PeriodicRunner.builder(tasks)
            .scheduler(late)
            .fuzzyDelay(Duration.ZERO)
            .executor(Runnable::run)
            .parallel();

    runner.start();
    late.fireAt(0);
    assertThat(late.lastDelay).isEqualTo(Duration.ofSeconds(10));
    late.fireAt(35);

    assertThat(ran).hasSize(2);
    assertThat(late.lastDelay).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void tasksAddedAfterStartAreScheduled() {
    task("first", "10s", true);
    runner = builder().executor(Runnable::run).parallel();
    runner.start();

    tasks.add(
        PeriodicTask.builder("later", context -> ran.add("later@" + seconds()))
            .spacing("4s")
            .build());
    clock.advance(Duration.ofSeconds(4));

    assertThat(ran).containsExactly("first@0", "later@4");
  }

  @Test
  void spacingOptionIsFollowedAndZeroPausesTheTask() {
    Map<String, Duration> options = new HashMap<>(Map.of("poll", Duration.ofSeconds(5)));
    PeriodicTasks fromOption =
        PeriodicTasks.create("Fake", name -> Optional.ofNullable(options.get(name)));
    fromOption.add(
        PeriodicTask.builder("poll", context -> ran.add("poll@" + seconds()))
            .spacingOption("poll")
            .runImmediately(true)
            .build());
    runner =
        PeriodicRunner.builder(fromOption)
            .scheduler(clock)
            .fuzzyDelay(Duration.ZERO)
            .executor(Runnable::run)
            .parallel();

    runner.start();
    clock.runDue();
    clock.advance(Duration.ofSeconds(5));
    options.put("poll", Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(9));
    assertThat(ran).containsExactly("poll@0", "poll@5", "poll@10", "poll@12", "poll@14");

    options.put("poll", Duration.ZERO);
    clock.advance(Duration.ofSeconds(100));
    assertThat(ran).hasSize(5);
    assertThat(stats("poll").spacing()).isEmpty();

    // paused at the 16 s slot, looked at again every 60 s: 76 s, 136 s
    options.put("poll", Duration.ofSeconds(15));
    clock.advance(Duration.ofSeconds(40));
    assertThat(ran).endsWith("poll@14", "poll@136", "poll@151");
    assertThat(stats("poll").spacing()).contains(Duration.ofSeconds(15));
  }

  @Test
  void stopCancelsFutureRunsTellsRunningTasksAndCannotBeUndone() throws Exception {
    List<String> stopSeen = new CopyOnWriteArrayList<>();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch goOn = new CountDownLatch(1);
    tasks.add(
        PeriodicTask.builder(
                "watch",
                context -> {
                  stopSeen.add("at start " + context.stopRequested());
                  running.countDown();
                  goOn.await();
                  stopSeen.add("after stop " + context.stopRequested());
                })
            .spacing("1s")
            .runImmediately(true)
            .build());
    runner = builder().parallel();
    runner.start();
    runner.start();
    clock.runDue();
    assertThat(running.await(GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();

    runner.stop();
    runner.stop();
    goOn.countDown();
    assertThat(runner.awaitIdle(GENEROUS)).isTrue();
    clock.advance(Duration.ofSeconds(10));

    assertThat(stopSeen).containsExactly("at start false", "after stop true");
    assertThat(stats("watch").runs()).isEqualTo(1);
    assertThat(clock.pending()).isZero();
    assertThatThrownBy(runner::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Fake");
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in %s", GENEROUS).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  /** A scheduler the test fires by hand, at any time it likes. */
  private static final class LateScheduler implements Scheduler {
    private long nanos;
    private Runnable pending;
    Duration lastDelay;

    @Override
    public Instant now() {
      return Instant.EPOCH.plusNanos(nanos);
    }

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable action) {
      lastDelay = delay;
      pending = action;
      return () -> false;
    }

    void fireAt(long seconds) {
      nanos = seconds * 1_000_000_000L;
      Runnable action = pending;
      pending = null;
      action.run();
    }
  }
}
