package dev.bosun.servicegroup;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one service's row fresh: every {@code report_interval} it calls {@link
 * ServiceStore#reportState(long)} from its own platform thread, so a slow periodic task, a flood of
 * RPC calls or a blocked driver never delays it (nova and cinder share one green thread for all of
 * these, known problem 6).
 *
 * <p>Rules, kept from cinder's {@code report_state}:
 *
 * <ul>
 *   <li>When {@code isWorking} answers false (or throws) the beat is skipped, so the service
 *       appears down; the change is logged once each way.
 *   <li>When the row was deleted while the service runs, it is recreated from the last known
 *       registration and the new id is used from then on (nova only logs an error).
 *   <li>When the store fails (database down), the failure is logged once, naming the service and
 *       the cause, the service keeps running, and the next attempt is at the next interval: no
 *       growing back-off, so the service is up again one interval after the database is back (known
 *       problem 7). Recovery is logged once. No failure stops the heartbeat thread (known problem
 *       8): an unexpected exception or error in a beat, a {@link StackOverflowError} included, is
 *       logged and the next beat runs at its time. Only an {@link OutOfMemoryError} ends the
 *       heartbeat, after an error log saying so.
 * </ul>
 *
 * <p>Threads: beats run on one platform daemon thread named {@code bosun-heartbeat-<topic@host>},
 * at a fixed rate after {@code initialDelay}; a beat slower than the interval delays the next one
 * but beats never overlap. {@link #reportState()} may also be called directly (tests, a final
 * beat); it is serialised with the scheduled beats.
 */
public final class Heartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final ServiceStore store;
  private final Duration reportInterval;
  private final Duration initialDelay;
  private final BooleanSupplier isWorking;
  private final String name;

  private final Object beatLock = new Object();
  // written only under beatLock; volatile so status() never waits behind a slow beat
  private volatile ServiceRegistration registration;
  private volatile long serviceId;
  private volatile long beats;
  private volatile long failures;
  private volatile int consecutiveFailures;
  private volatile boolean failing;
  private volatile boolean skipping;
  private volatile long recreations;

  private @Nullable ScheduledThreadPoolExecutor timer;
  private boolean stopped;

  private Heartbeat(Builder builder) {
    this.store = builder.store;
    this.reportInterval = builder.reportInterval;
    this.initialDelay = builder.initialDelay;
    this.isWorking = builder.isWorking;
    this.registration = ServiceRegistration.of(builder.service);
    this.serviceId = builder.service.id();
    this.name = builder.service.displayName();
  }

  /**
   * A heartbeat for {@code service}, the record {@link ServiceStore#register} returned. Defaults:
   * {@code reportInterval} 10 s and {@code initialDelay} 5 s (nova's {@code report_interval} and
   * {@code INITIAL_REPORTING_DELAY}); {@code isWorking} always true.
   */
  public static Builder builder(ServiceStore store, ServiceRecord service) {
    return new Builder(store, service);
  }

  /**
   * Starts beating on the heartbeat thread; does nothing when already started.
   *
   * @throws IllegalStateException when stopped: a heartbeat cannot be restarted, build another
   */
  public synchronized void start() {
    if (stopped) {
      throw new IllegalStateException(
          "heartbeat for " + name + " was stopped and cannot be restarted; build a new one");
    }
    if (timer != null) {
      return;
    }
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "bosun-heartbeat-" + name);
              thread.setDaemon(true);
              return thread;
            });
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    // beatSafely catches every failure itself: the future carries nothing to look at
    ScheduledFuture<?> unused =
        timer.scheduleAtFixedRate(
            this::beatSafely,
            initialDelay.toNanos(),
            reportInterval.toNanos(),
            TimeUnit.NANOSECONDS);
    LOG.debug(
        "Heartbeat for {} started: every {}, first in {}",
        name,
        human(reportInterval),
        human(initialDelay));
  }

  /**
   * Stops beating; idempotent. A beat in flight is not interrupted (an interrupt can break an
   * embedded database's file); this waits up to 5 s for it to end: {@code stop(5 s)}. The row
   * stays, and the service turns down {@code service_down_time} later, as in nova.
   */
  public void stop() {
    stop(STOP_WAIT);
  }

  /**
   * Stops beating, waiting up to {@code timeout} (zero: not at all) for a beat in flight to end;
   * for a caller with its own stop budget, such as a service giving the heartbeat what is left of
   * its stop timeout. A beat still running then is left to finish on its daemon thread, and no beat
   * starts after it. Idempotent: only the first stop waits.
   *
   * @throws IllegalArgumentException when {@code timeout} is negative
   */
  public void stop(Duration timeout) {
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("heartbeat stop timeout must be >= 0, found " + timeout);
    }
    ScheduledThreadPoolExecutor toStop;
    synchronized (this) {
      stopped = true;
      toStop = timer;
      timer = null;
    }
    if (toStop == null) {
      return;
    }
    toStop.shutdown();
    try {
      if (!toStop.awaitTermination(saturatedNanos(timeout), TimeUnit.NANOSECONDS)) {
        LOG.warn(
            "Heartbeat for {} still busy {} after stop; leaving its daemon thread to finish",
            name,
            human(timeout));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("Heartbeat for {} stopped", name);
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * One heartbeat now, on the calling thread, following every rule of the class javadoc. Store
   * failures are logged, never thrown.
   */
  public void reportState() {
    synchronized (beatLock) {
      beatLocked();
    }
  }

  // the counters are written only here, under beatLock: one writer, so ++ on a volatile is safe
  @SuppressWarnings("NonAtomicVolatileUpdate")
  private void beatLocked() {
    if (!working()) {
      if (!skipping) {
        skipping = true;
        LOG.warn(
            "{} reports it is not working; skipping heartbeats so that it appears down until"
                + " it recovers",
            name);
      }
      return;
    }
    if (skipping) {
      skipping = false;
      LOG.info("{} is working again; heartbeats resumed", name);
    }
    try {
      if (!store.reportState(serviceId)) {
        long oldId = serviceId;
        ServiceRecord recreated = store.register(registration);
        serviceId = recreated.id();
        recreations++;
        LOG.warn(
            "The service record of {} (id {}) was deleted while the service runs;"
                + " recreated it as id {}. Delete a service only after stopping it",
            name,
            oldId,
            serviceId);
      }
      beats++;
      if (failing) {
        LOG.info(
            "Reconnected to {}; heartbeats for {} resumed after {} failed attempt(s)",
            store.describe(),
            name,
            consecutiveFailures);
        failing = false;
      }
      consecutiveFailures = 0;
    } catch (RuntimeException e) {
      failures++;
      consecutiveFailures++;
      if (!failing) {
        failing = true;
        LOG.error(
            "Lost connection to the database ({}); heartbeats for {} will resume when it is"
                + " back, retrying every {}. Cause: {}",
            store.describe(),
            name,
            human(reportInterval),
            causes(e));
        LOG.debug("Heartbeat failure for {}", name, e);
      } else {
        LOG.debug(
            "Heartbeat for {} failed again ({} in a row): {}",
            name,
            consecutiveFailures,
            causes(e));
      }
    }
  }

  /** What the heartbeat has done so far, for reports and tests; never waits for a beat. */
  public Status status() {
    return new Status(
        serviceId, beats, failures, consecutiveFailures, failing, skipping, recreations);
  }

  /**
   * What a heartbeat has done.
   *
   * @param serviceId the row it writes to now (changes when the row is recreated)
   * @param beats successful heartbeats
   * @param failures failed attempts in total
   * @param consecutiveFailures failed attempts since the last success
   * @param failing whether the last attempt failed
   * @param skipping whether beats are skipped because the service says it is not working
   * @param recreations how many times the row was recreated after being deleted
   */
  public record Status(
      long serviceId,
      long beats,
      long failures,
      int consecutiveFailures,
      boolean failing,
      boolean skipping,
      long recreations) {}

  private void beatSafely() {
    try {
      reportState();
    } catch (OutOfMemoryError e) {
      // The timer cancels every later beat once one throws; only running out of memory is left
      // to do that, and it is said loudly first, since the service will look down from now on.
      LOG.error(
          "Out of memory in the heartbeat of {}: heartbeats STOP now and the service will "
              + "appear down while it runs; restart the process (and give it more heap)",
          name,
          e);
      throw e;
    } catch (Throwable t) { // the timer would silently stop on any throwable
      LOG.error(
          "Unexpected error in the heartbeat of {}; trying again in {}",
          name,
          human(reportInterval),
          t);
    }
  }

  private boolean working() {
    try {
      return isWorking.getAsBoolean();
    } catch (RuntimeException e) {
      if (!skipping) {
        LOG.warn("isWorking check of {} failed; treating the service as not working", name, e);
      }
      return false;
    }
  }

  /** The messages of the cause chain, outermost store wrapper skipped, repeats dropped. */
  static String causes(Throwable e) {
    Throwable start = e instanceof ServiceStoreException && e.getCause() != null ? e.getCause() : e;
    StringBuilder text = new StringBuilder();
    String previous = "";
    for (Throwable t = start; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
      if (!message.equals(previous)) {
        if (text.length() > 0) {
          text.append(" <- ");
        }
        text.append(message);
        previous = message;
      }
    }
    return text.toString();
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** Settings of a {@link Heartbeat}. */
  public static final class Builder {
    private final ServiceStore store;
    private final ServiceRecord service;
    private Duration reportInterval = Duration.ofSeconds(10);
    private Duration initialDelay = Duration.ofSeconds(5);
    private BooleanSupplier isWorking = () -> true;

    private Builder(ServiceStore store, ServiceRecord service) {
      if (store == null || service == null) {
        throw new IllegalArgumentException(
            "store and service must not be null, found " + store + ", " + service);
      }
      this.store = store;
      this.service = service;
    }

    /** {@code [DEFAULT] report_interval}: time between heartbeats, > 0. */
    public Builder reportInterval(Duration reportInterval) {
      ServiceGroup.requirePositive("report_interval", reportInterval);
      this.reportInterval = reportInterval;
      return this;
    }

    /** Time from {@link #start()} to the first heartbeat, >= 0. */
    public Builder initialDelay(Duration initialDelay) {
      if (initialDelay == null || initialDelay.isNegative()) {
        throw new IllegalArgumentException("initialDelay must be >= 0, found " + initialDelay);
      }
      this.initialDelay = initialDelay;
      return this;
    }

    /**
     * Cinder's {@code Manager.is_working()}: asked before every beat, on the heartbeat thread;
     * false skips the beat so the service appears down. Must be quick and must not block.
     */
    public Builder isWorking(BooleanSupplier isWorking) {
      if (isWorking == null) {
        throw new IllegalArgumentException("isWorking must not be null");
      }
      this.isWorking = isWorking;
      return this;
    }

    /** The heartbeat, not started. */
    public Heartbeat build() {
      return new Heartbeat(this);
    }
  }
}
