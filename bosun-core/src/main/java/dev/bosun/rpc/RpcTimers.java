package dev.bosun.rpc;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one timer thread of the RPC layer: call timeouts, call-monitor timeouts and server
 * heartbeats. Its tasks only complete futures or hand a publish to the transport, so one platform
 * daemon thread serves every client and server of the JVM; cancelled tasks are removed at once.
 */
final class RpcTimers {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final ScheduledThreadPoolExecutor SCHEDULER = create();

  private RpcTimers() {}

  static ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    return SCHEDULER.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
  }

  static ScheduledFuture<?> every(Runnable task, long periodMillis) {
    return SCHEDULER.scheduleAtFixedRate(guarded(task), periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(RpcTimers.class)
            .warn("RPC timer task failed; the timer keeps running", e);
      }
    };
  }

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "bosun-rpc-timer-" + COUNTER.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    return scheduler;
  }
}
