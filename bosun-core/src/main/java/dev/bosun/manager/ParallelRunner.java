package dev.bosun.manager;

import dev.bosun.log.RateLimitedLog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bosun's engine; see {@link PeriodicRunner}. */
final class ParallelRunner extends AbstractRunner {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicRunner.class);

  /** Skipped slots: one line a minute per task, with the count of the others. */
  private static final RateLimitedLog SKIPPED = RateLimitedLog.create(LOG);

  private final Map<String, Cancellable> pending = new HashMap<>();

  ParallelRunner(PeriodicRunner.Builder builder, Executor executor) {
    super(builder, executor);
    tasks.onAdd(
        task -> {
          if (started()) {
            scheduleFirst(state(task));
          }
        });
  }

  @Override
  void onStart() {
    for (PeriodicTask task : tasks.tasks()) {
      scheduleFirst(state(task));
    }
    LOG.info(
        "Started {} periodic tasks of {}, each on its own schedule",
        tasks.tasks().size(),
        tasks.owner());
  }

  @Override
  void onStop() {
    synchronized (pending) {
      pending.values().forEach(Cancellable::cancel);
      pending.clear();
    }
  }

  private void scheduleFirst(TaskState state) {
    synchronized (pending) {
      if (pending.containsKey(state.task.name())) {
        return;
      }
      long now = scheduler.nanoTime();
      long first;
      if (state.task.runImmediately()) {
        first = now;
      } else {
        Optional<Duration> spacing = spacingNow(state);
        first = now + spacing.map(Duration::toNanos).orElse(DEFAULT_INTERVAL_NANOS) + fuzzyNanos();
      }
      scheduleAt(state, first, first, now);
    }
  }

  private void scheduleAt(TaskState state, long boundary, long due, long now) {
    synchronized (pending) {
      if (stopRequested()) {
        return;
      }
      state.nextDue(due);
      pending.put(
          state.task.name(),
          scheduler.schedule(
              Duration.ofNanos(Math.max(0, due - now)), () -> fire(state, boundary)));
    }
  }

  /**
   * Runs on the scheduler's thread at a slot: start the task (or skip it), book the next slot. The
   * next slot is booked whatever happens here, so no failure ends a task's schedule.
   */
  private void fire(TaskState state, long boundary) {
    if (stopRequested()) {
      return;
    }
    long now = scheduler.nanoTime();
    Optional<Duration> spacing = Optional.empty();
    try {
      spacing = spacingNow(state);
      if (spacing.isPresent()) {
        if (externalSkipped(state.task)) {
          LOG.debug(
              "Skipping periodic task {}.{}: external tasks run in another process",
              tasks.owner(),
              state.task.name());
        } else if (state.running.compareAndSet(false, true)) {
          launch(state);
        } else {
          state.skipped();
          SKIPPED.warn(
              tasks.owner() + "." + state.task.name(),
              "Periodic task {}.{} is still running from an earlier slot; skipping this "
                  + "slot (a task never overlaps itself)",
              tasks.owner(),
              state.task.name());
        }
      }
    } finally {
      long every = spacing.map(Duration::toNanos).orElse(DEFAULT_INTERVAL_NANOS);
      long next = boundary + every;
      if (next <= now) {
        next = now - Math.floorMod(now - boundary, every) + every;
      }
      long due = spacing.isPresent() ? next + jitterNanos(every) : next;
      scheduleAt(state, next, due, now);
    }
  }

  private void launch(TaskState state) {
    runBegins();
    try {
      executor.execute(
          () -> {
            try {
              execute(state);
            } finally {
              state.running.set(false);
              runEnds();
            }
          });
    } catch (Throwable e) {
      state.running.set(false);
      runEnds();
      String refused =
          e instanceof RejectedExecutionException
              ? "its executor refused it"
              : "its executor failed (" + e + ")";
      LOG.error(
          "Could not start periodic task {}.{}: {}; it is tried again at its next slot",
          tasks.owner(),
          state.task.name(),
          refused,
          e);
    }
  }
}
