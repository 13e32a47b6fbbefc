package dev.bosun.manager;

import java.time.Instant;

/**
 * What a periodic task is told about the run it is in. A long task should check {@link
 * #stopRequested()} between units of work and return early when it is true.
 */
public interface PeriodicContext {

  /** The task's name. */
  String taskName();

  /** When this run started (wall clock of the runner's {@link Clock}). */
  Instant startedAt();

  /** True once the runner has been stopped: finish quickly. */
  boolean stopRequested();
}
