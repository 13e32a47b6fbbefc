package dev.bosun.manager;

import dev.bosun.config.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** oslo's engine; see {@link SerialPeriodicRunner}. */
final class SerialRunner extends AbstractRunner implements SerialPeriodicRunner {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicRunner.class);

  private final Optional<Duration> periodicIntervalMax;
  private final Map<String, Optional<Long>> lastRun = new HashMap<>();
  private final Object runLock = new Object();
  private final Object tickLock = new Object();
  private Optional<Cancellable> pendingTick = Optional.empty();

  SerialRunner(PeriodicRunner.Builder builder, Executor executor) {
    super(builder, executor);
    this.periodicIntervalMax = builder.periodicIntervalMax;
    for (PeriodicTask task : tasks.tasks()) {
      state(task);
    }
  }

  @Override
  TaskState newState(PeriodicTask task) {
    synchronized (lastRun) {
      lastRun.put(
          task.name(),
          task.runImmediately() ? Optional.empty() : Optional.of(scheduler.nanoTime()));
    }
    return super.newState(task);
  }

  @Override
  public Duration runPeriodicTasks(boolean raiseOnError) {
    synchronized (runLock) {
      runBegins();
      try {
        return runDueTasks(raiseOnError);
      } finally {
        runEnds();
      }
    }
  }

  private Duration runDueTasks(boolean raiseOnError) {
    long idle = DEFAULT_INTERVAL_NANOS;
    for (PeriodicTask task : tasks.tasks()) {
      TaskState state = state(task);
      if (externalSkipped(task)) {
        continue;
      }
      Optional<Duration> spacing = spacingNow(state);
      if (spacing.isEmpty()) {
        state.noNextDue();
        continue;
      }
      long every = spacing.get().toNanos();
      idle = Math.min(idle, every);
      long now = scheduler.nanoTime();
      Optional<Long> last;
      synchronized (lastRun) {
        // newState put every task of tasks() in the map
        last = Objects.requireNonNull(lastRun.get(task.name()), task.name());
      }
      if (last.isPresent()) {
        long delta = last.get() + every - now;
        if (delta > 0) {
          idle = Math.min(idle, delta);
          state.nextDue(last.get() + every);
          continue;
        }
      }
      if (stopRequested()) {
        LOG.debug(
            "Serial periodic loop of {} stopped; not starting {} or any later task",
            tasks.owner(),
            task.name());
        break;
      }
      long slot = nearestBoundary(last, every, now);
      synchronized (lastRun) {
        lastRun.put(task.name(), Optional.of(slot));
      }
      state.nextDue(slot + every);
      state.running.set(true);
      Optional<Throwable> failure;
      try {
        failure = execute(state);
      } finally {
        state.running.set(false);
      }
      if (failure.isPresent()) {
        Throwable error = failure.get();
        if (raiseOnError) {
          if (error instanceof RuntimeException) {
            throw (RuntimeException) error;
          }
          if (error instanceof Error) {
            throw (Error) error;
          }
          throw new PeriodicTaskException(
              "periodic task "
                  + tasks.owner()
                  + "."
                  + task.name()
                  + " failed: "
                  + TaskState.describe(error),
              error);
        }
      }
    }
    return Duration.ofNanos(idle);
  }

  @Override
  void onStart() {
    Duration initialDelay = Duration.ofNanos(fuzzyNanos());
    LOG.info(
        "Starting the serial periodic loop of {} in {}",
        tasks.owner(),
        Durations.format(initialDelay));
    scheduleTick(initialDelay);
  }

  @Override
  void onStop() {
    synchronized (tickLock) {
      pendingTick.ifPresent(Cancellable::cancel);
      pendingTick = Optional.empty();
    }
  }

  private void scheduleTick(Duration delay) {
    Cancellable tick =
        scheduler.schedule(
            delay,
            () -> {
              try {
                executor.execute(this::loopOnce);
              } catch (RejectedExecutionException e) {
                LOG.error(
                    "Serial periodic loop of {} could not be started: its executor refused it; "
                        + "trying again in {}",
                    tasks.owner(),
                    Durations.format(PeriodicTasks.DEFAULT_INTERVAL),
                    e);
                scheduleTick(PeriodicTasks.DEFAULT_INTERVAL);
              }
            });
    synchronized (tickLock) {
      if (stopRequested()) {
        tick.cancel();
      } else {
        pendingTick = Optional.of(tick);
      }
    }
  }

  private void loopOnce() {
    if (stopRequested()) {
      return;
    }
    Duration idle;
    try {
      idle = runPeriodicTasks(false);
    } catch (Throwable e) {
      LOG.error(
          "Serial periodic loop of {} failed; it runs again in {}",
          tasks.owner(),
          Durations.format(PeriodicTasks.DEFAULT_INTERVAL),
          e);
      idle = PeriodicTasks.DEFAULT_INTERVAL;
    }
    Duration sleep = idle;
    if (periodicIntervalMax.isPresent() && periodicIntervalMax.get().compareTo(idle) < 0) {
      sleep = periodicIntervalMax.get();
    }
    if (!stopRequested()) {
      scheduleTick(sleep);
    }
  }
}
