package dev.bosun.manager;

/**
 * A periodic task is declared wrongly (bad spacing, bad method signature, duplicate name), or, from
 * {@link SerialPeriodicRunner#runPeriodicTasks(boolean)} with {@code raiseOnError}, a task failed
 * with a checked exception (unchecked ones propagate as they are).
 */
public class PeriodicTaskException extends ManagerException {
  public PeriodicTaskException(String message) {
    super(message);
  }

  public PeriodicTaskException(String message, Throwable cause) {
    super(message, cause);
  }
}
