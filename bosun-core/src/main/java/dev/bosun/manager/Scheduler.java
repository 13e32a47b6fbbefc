package dev.bosun.manager;

import java.time.Duration;

/**
 * Runs actions after a delay, measured on its own {@link Clock}. Periodic tasks, driver set-up
 * retries and heartbeats are timed through a scheduler, so that a {@link ManualClock} can drive all
 * of them in tests without sleeping.
 *
 * <p>Threads: an action runs on the scheduler's timer thread ({@link #system()}: one platform
 * daemon thread named {@code bosun-timer}; {@link ManualClock}: the thread calling {@link
 * ManualClock#advance}). Actions therefore must be quick: anything that can block or take long is
 * handed to a task executor from {@link dev.bosun.concurrent.Threads}. Actions of one scheduler
 * never run concurrently with each other; actions due at the same instant run in the order they
 * were scheduled.
 */
public interface Scheduler extends Clock {

  /**
   * Runs {@code action} once, {@code delay} from now.
   *
   * @param delay zero or more; zero means "as soon as the timer thread gets to it"
   * @throws IllegalArgumentException if {@code delay} is negative
   */
  Cancellable schedule(Duration delay, Runnable action);

  /**
   * The process-wide system scheduler: one platform daemon thread ({@code bosun-timer}) that only
   * hands work on. It is started on first use and lives as long as the JVM; an action that throws
   * is logged and does not affect other actions.
   */
  static Scheduler system() {
    return SystemScheduler.instance();
  }
}
