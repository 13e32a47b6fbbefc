package dev.bosun.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real clock and a one-thread timer; see {@link Scheduler#system()}. */
final class SystemScheduler implements Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);

  private static final class Holder {
    static final SystemScheduler INSTANCE = new SystemScheduler();
  }

  private final ScheduledThreadPoolExecutor timer;

  private SystemScheduler() {
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "bosun-timer");
              thread.setDaemon(true);
              return thread;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  static SystemScheduler instance() {
    return Holder.INSTANCE;
  }

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    ManualClock.checkDelay(delay);
    ScheduledFuture<?> future =
        timer.schedule(
            () -> {
              try {
                action.run();
              } catch (Throwable e) {
                LOG.error("Timer action {} failed; other timers are not affected", action, e);
              }
            },
            ManualClock.saturatedNanos(delay),
            TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public String toString() {
    return "system scheduler";
  }
}
