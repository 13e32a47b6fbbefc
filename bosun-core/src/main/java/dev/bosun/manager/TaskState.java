package dev.bosun.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** The mutable schedule and counters of one task inside a runner. Guarded by {@code this}. */
final class TaskState {
  final PeriodicTask task;
  final AtomicBoolean running = new AtomicBoolean();
  private long runs;
  private long failures;
  private long skippedOverlaps;
  private @Nullable Instant lastStart;
  private @Nullable Duration lastDuration;
  private @Nullable String lastError;
  private int consecutiveFailures;
  private @Nullable Duration spacing;
  private boolean paused;
  private long nextDueNanos;
  private boolean hasNextDue;

  TaskState(PeriodicTask task) {
    this.task = task;
  }

  synchronized void started(Instant at) {
    runs++;
    lastStart = at;
  }

  /**
   * Records the end of a run.
   *
   * @return how many runs in a row have failed, this one included; 0 when this one succeeded
   */
  synchronized int finished(Duration took, Optional<Throwable> failure) {
    lastDuration = took;
    if (failure.isEmpty()) {
      int before = consecutiveFailures;
      consecutiveFailures = 0;
      return -before;
    }
    failures++;
    lastError = describe(failure.get());
    return ++consecutiveFailures;
  }

  synchronized void skipped() {
    skippedOverlaps++;
  }

  /** Records the spacing now in force; returns true if it changed from running to paused. */
  synchronized boolean spacing(Optional<Duration> current) {
    boolean wasPaused = paused;
    paused = current.isEmpty();
    current.ifPresent(every -> spacing = every);
    return paused && !wasPaused;
  }

  synchronized void nextDue(long nanos) {
    nextDueNanos = nanos;
    hasNextDue = true;
  }

  synchronized void noNextDue() {
    hasNextDue = false;
  }

  synchronized PeriodicTaskStats snapshot(Clock clock) {
    Optional<Instant> due = Optional.empty();
    if (hasNextDue) {
      due = Optional.of(clock.now().plusNanos(nextDueNanos - clock.nanoTime()));
    }
    return new PeriodicTaskStats(
        task.name(),
        paused ? Optional.empty() : Optional.ofNullable(spacing),
        runs,
        failures,
        skippedOverlaps,
        running.get(),
        Optional.ofNullable(lastStart),
        Optional.ofNullable(lastDuration),
        Optional.ofNullable(lastError),
        due);
  }

  static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getName() + (message == null ? "" : ": " + message);
  }
}
