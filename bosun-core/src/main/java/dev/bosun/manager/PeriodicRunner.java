package dev.bosun.manager;

import dev.bosun.concurrent.Threads;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;

/**
 * Runs the tasks of a {@link PeriodicTasks} registry on a {@link Scheduler}. Two engines:
 *
 * <ul>
 *   <li>{@link Builder#parallel()}, Bosun's default: every task has its own schedule and each run
 *       gets its own thread (virtual on Java 21+, see {@link Threads}). A slow or hung task never
 *       delays another task. A task never overlaps itself: if it is still running when its next
 *       slot comes, that slot is skipped, logged and counted in {@link
 *       PeriodicTaskStats#skippedOverlaps()}. Any {@link Throwable} from a task is logged with the
 *       task's name and counted, and the task runs again at its next slot.
 *   <li>{@link Builder#serial()}: oslo's engine. All due tasks run one after another on one thread;
 *       see {@link SerialPeriodicRunner}.
 * </ul>
 *
 * <p><b>Schedule</b> (both engines, oslo's rules): slots are {@code spacing} apart, each moved
 * later by a jitter of 0 to 5 % of the spacing floored to whole seconds (so spacings under 20 s get
 * none). Missed slots (the process was suspended, the machine slept) are not replayed: the schedule
 * snaps to the latest boundary. A task with {@link Periodic#spacingOption()} reads its option at
 * every slot; while the option is 0 or less the task is paused and looked at again every {@link
 * PeriodicTasks#DEFAULT_INTERVAL}.
 *
 * <p><b>First run</b> (parallel engine): a {@link Periodic#runImmediately()} task runs as soon as
 * the runner starts; any other task runs first after its spacing plus a fuzzy delay drawn per task,
 * uniformly in whole seconds from 0 to {@code periodic_fuzzy_delay} (so services restarted together
 * do not stampede, nova bug 962665). The serial engine applies the fuzzy delay once, to its loop,
 * as nova does.
 *
 * <p>{@link #start()} and {@link #stop()} are idempotent; a stopped runner cannot be started again.
 * Tasks added to the registry after the start are picked up.
 */
public interface PeriodicRunner {

  /** Starts the schedules. Idempotent. @throws IllegalStateException once stopped */
  void start();

  /**
   * Cancels all future runs and tells running tasks to stop ({@link
   * PeriodicContext#stopRequested()}); does not wait for them. Idempotent.
   */
  void stop();

  /**
   * Waits until no task is running, at most {@code timeout}.
   *
   * @return true if no task is running
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException;

  /** A snapshot of every registered task's statistics, in registration order. */
  List<PeriodicTaskStats> stats();

  /** {@link #stats()} as a text table ({@link PeriodicTaskStats#table}). */
  default String statsTable() {
    return PeriodicTaskStats.table(stats());
  }

  /** A builder for a runner of {@code tasks}. */
  static Builder builder(PeriodicTasks tasks) {
    if (tasks == null) {
      throw new IllegalArgumentException("tasks must not be null");
    }
    return new Builder(tasks);
  }

  /** Settings of a runner; {@link #parallel()} or {@link #serial()} builds it. */
  final class Builder {
    final PeriodicTasks tasks;
    Scheduler scheduler = Scheduler.system();
    Duration fuzzyDelay = Duration.ofSeconds(60);
    Optional<Duration> periodicIntervalMax = Optional.empty();
    BooleanSupplier runExternalPeriodicTasks = () -> true;
    Random random = new Random();
    Optional<Executor> executor = Optional.empty();

    private Builder(PeriodicTasks tasks) {
      this.tasks = tasks;
    }

    /** The clock and timer; default {@link Scheduler#system()}. */
    public Builder scheduler(Scheduler scheduler) {
      if (scheduler == null) {
        throw new IllegalArgumentException("scheduler must not be null");
      }
      this.scheduler = scheduler;
      return this;
    }

    /**
     * {@code periodic_fuzzy_delay}: the upper bound of the random delay before the first runs
     * (whole seconds, inclusive); 0 disables it. Default 60 s, as in nova and cinder.
     */
    public Builder fuzzyDelay(Duration fuzzyDelay) {
      if (fuzzyDelay == null || fuzzyDelay.isNegative()) {
        throw new IllegalArgumentException("fuzzyDelay must be zero or more, found " + fuzzyDelay);
      }
      this.fuzzyDelay = fuzzyDelay;
      return this;
    }

    /**
     * Serial engine only: the longest sleep of its loop (nova's {@code periodic_interval_max},
     * which has no option in nova and defaults to none).
     */
    public Builder periodicIntervalMax(Duration max) {
      if (max == null || max.isNegative() || max.isZero()) {
        throw new IllegalArgumentException("periodicIntervalMax must be > 0, found " + max);
      }
      this.periodicIntervalMax = Optional.of(max);
      return this;
    }

    /**
     * oslo's {@code run_external_periodic_tasks} (default true), read before every run: when false,
     * tasks marked {@link Periodic#externalProcessOk()} are skipped here because another process
     * runs them.
     */
    public Builder runExternalPeriodicTasks(BooleanSupplier runExternal) {
      if (runExternal == null) {
        throw new IllegalArgumentException("runExternal must not be null");
      }
      this.runExternalPeriodicTasks = runExternal;
      return this;
    }

    /** The source of jitter and fuzzy delays; give a seeded one for reproducible schedules. */
    public Builder random(Random random) {
      if (random == null) {
        throw new IllegalArgumentException("random must not be null");
      }
      this.random = random;
      return this;
    }

    /**
     * Where runs execute. Default: a new thread per run from {@link Threads#factory} (virtual on
     * Java 21+). The parallel engine needs an executor that never queues one run behind another, or
     * a hung task could delay others; {@code Runnable::run} runs tasks on the scheduler's thread,
     * which suits only tests with a {@link ManualClock}.
     */
    public Builder executor(Executor executor) {
      if (executor == null) {
        throw new IllegalArgumentException("executor must not be null");
      }
      this.executor = Optional.of(executor);
      return this;
    }

    /** Bosun's engine: independent schedules, a thread per run, no self-overlap. */
    public PeriodicRunner parallel() {
      return new ParallelRunner(this, executorOr("periodic-" + tasks.owner()));
    }

    /** oslo's engine: due tasks one after another, driven by a dynamic timer. */
    public SerialPeriodicRunner serial() {
      return new SerialRunner(this, executorOr("periodic-serial-" + tasks.owner()));
    }

    private Executor executorOr(String threadPrefix) {
      return executor.orElseGet(
          () -> {
            ThreadFactory factory = Threads.factory(threadPrefix);
            return runnable -> factory.newThread(runnable).start();
          });
    }
  }
}
