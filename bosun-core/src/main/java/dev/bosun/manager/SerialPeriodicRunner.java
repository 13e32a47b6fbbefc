package dev.bosun.manager;

import java.time.Duration;

/**
 * oslo's periodic-task engine, kept for services that want its exact behaviour.
 *
 * <p>{@link #start()} starts nova's dynamic timer: after a random delay of 0 to {@code
 * periodic_fuzzy_delay} whole seconds it calls {@link #runPeriodicTasks(boolean)} with {@code
 * raiseOnError = false} on a task thread, sleeps the duration it returns (capped by {@code
 * periodicIntervalMax} when set), and repeats. One slow task delays every other task: that is this
 * engine's nature (nova's {@code _sync_power_states} works around it); prefer {@link
 * PeriodicRunner.Builder#parallel()}.
 */
public interface SerialPeriodicRunner extends PeriodicRunner {

  /**
   * Runs the due tasks one after another in the calling thread, in registration order, as oslo's
   * {@code run_periodic_tasks}: a task is due when it never ran and is {@link
   * Periodic#runImmediately() immediate}, or one spacing has passed since its last slot (a
   * non-immediate task's first slot is when this runner first saw it). Before running a task its
   * slot is set to the nearest past boundary plus jitter, so missed runs are not replayed. Tasks
   * marked {@link Periodic#externalProcessOk()} are skipped when external tasks are off.
   *
   * <p>Calls are serialised: two threads calling at once run one after the other. Once {@link
   * #stop()} is called, the pass under way starts no further task (where Bosun improves on oslo,
   * whose loop finishes the pass), and {@link #awaitIdle(Duration)} waits for the whole pass, not
   * only the task running.
   *
   * @param raiseOnError when true, the first failing task's exception propagates (unchecked
   *     exceptions and errors as they are, checked ones wrapped in {@link PeriodicTaskException})
   *     and later tasks do not run in this call; when false (the timer's way) the failure is logged
   *     as "Error during Owner.task" and the next task runs
   * @return how long to idle until a task is next due: the least of every looked-at task's spacing
   *     and time-to-due, never more than {@link PeriodicTasks#DEFAULT_INTERVAL}
   */
  Duration runPeriodicTasks(boolean raiseOnError);
}
