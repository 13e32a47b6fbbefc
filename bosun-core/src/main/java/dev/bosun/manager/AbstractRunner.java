package dev.bosun.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What both engines share: state machine, per-task state, running a task, the schedule maths. */
abstract class AbstractRunner implements PeriodicRunner {
  static final long DEFAULT_INTERVAL_NANOS = PeriodicTasks.DEFAULT_INTERVAL.toNanos();
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicRunner.class);

  private enum Phase {
    NEW,
    STARTED,
    STOPPED
  }

  final PeriodicTasks tasks;
  final Scheduler scheduler;
  final Executor executor;
  final Duration fuzzyDelay;
  final BooleanSupplier runExternal;
  private final Random random;
  private final Map<String, TaskState> states = new HashMap<>();
  private final Object idleLock = new Object();
  private int runningCount;
  private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);

  AbstractRunner(PeriodicRunner.Builder builder, Executor executor) {
    this.tasks = builder.tasks;
    this.scheduler = builder.scheduler;
    this.executor = executor;
    this.fuzzyDelay = builder.fuzzyDelay;
    this.runExternal = builder.runExternalPeriodicTasks;
    this.random = builder.random;
  }

  @Override
  public final void start() {
    if (!phase.compareAndSet(Phase.NEW, Phase.STARTED)) {
      if (phase.get() == Phase.STOPPED) {
        throw new IllegalStateException(
            "periodic runner for "
                + tasks.owner()
                + " was stopped and cannot be started again; build a new one");
      }
      return;
    }
    onStart();
  }

  @Override
  public final void stop() {
    if (phase.getAndSet(Phase.STOPPED) != Phase.STOPPED) {
      onStop();
    }
  }

  final boolean started() {
    return phase.get() == Phase.STARTED;
  }

  final boolean stopRequested() {
    return phase.get() == Phase.STOPPED;
  }

  abstract void onStart();

  abstract void onStop();

  /** Creates the state of a task seen for the first time. */
  TaskState newState(PeriodicTask task) {
    return new TaskState(task);
  }

  final TaskState state(PeriodicTask task) {
    synchronized (states) {
      return states.computeIfAbsent(task.name(), name -> newState(task));
    }
  }

  @Override
  public final List<PeriodicTaskStats> stats() {
    List<PeriodicTaskStats> stats = new ArrayList<>();
    for (PeriodicTask task : tasks.tasks()) {
      stats.add(state(task).snapshot(scheduler));
    }
    return stats;
  }

  @Override
  public final boolean awaitIdle(Duration timeout) throws InterruptedException {
    long budget = ManualClock.saturatedNanos(timeout);
    long begin = System.nanoTime();
    synchronized (idleLock) {
      while (runningCount > 0) {
        long left = budget - (System.nanoTime() - begin);
        if (left <= 0) {
          return false;
        }
        idleLock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  final void runBegins() {
    synchronized (idleLock) {
      runningCount++;
    }
  }

  final void runEnds() {
    synchronized (idleLock) {
      runningCount--;
      idleLock.notifyAll();
    }
  }

  /** The spacing in force for {@code state}'s task now; logs when the task pauses. */
  final Optional<Duration> spacingNow(TaskState state) {
    Optional<Duration> spacing = tasks.currentSpacing(state.task);
    if (state.spacing(spacing)) {
      LOG.info(
          "Periodic task {}.{} is paused: its spacing option is 0 or less; it resumes when "
              + "the option is positive",
          tasks.owner(),
          state.task.name());
    }
    return spacing;
  }

  final boolean externalSkipped(PeriodicTask task) {
    return task.externalProcessOk() && !runExternal.getAsBoolean();
  }

  /** Runs the task's body in the calling thread, recording statistics. */
  final Optional<Throwable> execute(TaskState state) {
    Instant startedAt = scheduler.now();
    long begin = scheduler.nanoTime();
    state.started(startedAt);
    @Nullable Throwable failure = null;
    try {
      LOG.debug("Running periodic task {}.{}", tasks.owner(), state.task.name());
      state.task.body().run(new RunContext(state.task.name(), startedAt, this::stopRequested));
    } catch (Throwable e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failure = e;
    }
    int inARow =
        state.finished(
            Duration.ofNanos(scheduler.nanoTime() - begin), Optional.ofNullable(failure));
    logOutcome(state, failure, inARow);
    return Optional.ofNullable(failure);
  }

  /**
   * A failure is one line at ERROR (the exception's class and message; while the task keeps
   * failing, with the count of failures in a row), its stack trace at DEBUG only: a task failing is
   * an expected event (a backend is unreachable), and a stack trace per run would flood the log.
   * The first success after failures is logged too.
   */
  private void logOutcome(TaskState state, @Nullable Throwable failure, int inARow) {
    if (failure == null) {
      if (inARow < 0) {
        LOG.info(
            "Periodic task {}.{} succeeded again after {} failure(s) in a row",
            tasks.owner(),
            state.task.name(),
            -inARow);
      }
      return;
    }
    if (inARow == 1) {
      LOG.error(
          "Error during periodic task {}.{}: {}; it runs again at its next slot",
          tasks.owner(),
          state.task.name(),
          TaskState.describe(failure));
    } else {
      LOG.error(
          "Error during periodic task {}.{} ({} failures in a row): {}",
          tasks.owner(),
          state.task.name(),
          inARow,
          TaskState.describe(failure));
    }
    LOG.debug("Periodic task {}.{} failed with", tasks.owner(), state.task.name(), failure);
  }

  /** oslo's jitter: 0 to 5 % of the spacing, floored to whole seconds. */
  final long jitterNanos(long spacingNanos) {
    double spacingSeconds = spacingNanos / 1e9;
    return ((long) (spacingSeconds * random.nextDouble() / 20)) * 1_000_000_000L;
  }

  /** oslo's {@code randint(0, periodic_fuzzy_delay)}, in whole seconds. */
  final long fuzzyNanos() {
    long seconds = Math.min(fuzzyDelay.toSeconds(), Integer.MAX_VALUE - 1);
    return seconds <= 0 ? 0 : random.nextInt((int) seconds + 1) * 1_000_000_000L;
  }

  /**
   * oslo's {@code _nearest_boundary}: the latest boundary at or before {@code now} on the grid
   * through {@code lastRun}, plus jitter; {@code now} itself when the task never ran.
   */
  final long nearestBoundary(Optional<Long> lastRun, long spacingNanos, long now) {
    if (lastRun.isEmpty()) {
      return now;
    }
    return now - Math.floorMod(now - lastRun.get(), spacingNanos) + jitterNanos(spacingNanos);
  }
}
