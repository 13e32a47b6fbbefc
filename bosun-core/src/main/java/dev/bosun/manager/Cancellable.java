package dev.bosun.manager;

/** A handle on an action given to a {@link Scheduler}. */
public interface Cancellable {

  /**
   * Prevents the action from running if it has not started yet. Idempotent; an action that has
   * already started is not interrupted.
   *
   * @return true if this call stopped a pending action
   */
  boolean cancel();
}
