package dev.bosun.manager;

import java.time.Instant;

/**
 * Where Bosun code reads the time. Durations and schedules are measured with {@link #nanoTime()},
 * which never jumps when the wall clock is changed (oslo.service had heartbeats stop when the
 * host's clock moved, bug 1510234); {@link #now()} is only for showing and recording points in
 * time.
 *
 * <p>{@link #system()} is the real clock; {@link ManualClock} is a supported in-memory clock whose
 * time moves only when it is told to, for tests and simulations.
 */
public interface Clock {

  /** The wall-clock time, for logs, reports and records. */
  Instant now();

  /** A monotonic reading in nanoseconds; only differences between two readings mean anything. */
  long nanoTime();

  /** The system clock ({@link System#nanoTime()} and {@link Instant#now()}). */
  static Clock system() {
    return SystemScheduler.instance();
  }
}
