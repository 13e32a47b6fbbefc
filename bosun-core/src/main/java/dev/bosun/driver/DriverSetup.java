package dev.bosun.driver;

import dev.bosun.concurrent.Threads;
import dev.bosun.config.Durations;
import dev.bosun.manager.Cancellable;
import dev.bosun.manager.Scheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets a driver up as cinder's volume manager does: {@link Driver#doSetup}, then {@link
 * Driver#checkForSetupError()}, then the {@link Builder#afterSetup after-setup} steps; if any of
 * them throws, the attempt failed and it is tried again {@code reinit_driver_count} (3) more times,
 * after 1, 2 and 4 s (2<sup>n</sup>). The driver counts as {@link #initialized()} only once an
 * attempt got through all steps.
 *
 * <p>Where Bosun differs from cinder: only the first attempt runs in the thread calling {@link
 * #start()} (the service's {@code initHost}); the retries are timed by the {@link Scheduler} and
 * run on a task thread, so the service comes up and reports itself down (see {@code
 * Manager.isWorking}) instead of blocking its start for 7 s. Attempts never overlap.
 *
 * <p>Every failure is logged with the driver's name, the attempt number and the cause; the last one
 * as "driver X failed to initialise after N attempts; the service stays up but reports itself
 * down". Thread-safe.
 */
public final class DriverSetup<D extends Driver> {
  /** cinder's {@code reinit_driver_count} default. */
  public static final int DEFAULT_REINIT_DRIVER_COUNT = 3;

  private static final Logger LOG = LoggerFactory.getLogger(DriverSetup.class);

  private final D driver;
  private final String name;
  private final DriverContext context;
  private final Scheduler scheduler;
  private final Executor executor;
  private final int reinitDriverCount;
  private final Consumer<D> afterSetup;

  private volatile boolean initialized;
  private boolean started;
  private boolean stopped;
  private boolean gaveUp;
  private int attempts;
  private Optional<String> lastFailure = Optional.empty();
  private Optional<Cancellable> pendingRetry = Optional.empty();

  private DriverSetup(Builder<D> builder) {
    this.driver = builder.driver;
    this.name = Drivers.nameOf(builder.driver);
    this.context = builder.context;
    this.scheduler = builder.scheduler.orElseGet(Scheduler::system);
    this.reinitDriverCount = builder.reinitDriverCount;
    this.afterSetup = builder.afterSetup;
    this.executor =
        builder.executor.orElseGet(
            () -> {
              ThreadFactory factory = Threads.factory("driver-setup-" + name);
              return runnable -> factory.newThread(runnable).start();
            });
  }

  /** A builder for setting up {@code driver} with {@code context}. */
  public static <D extends Driver> Builder<D> builder(D driver, DriverContext context) {
    if (driver == null || context == null) {
      throw new IllegalArgumentException("driver and context must not be null");
    }
    return new Builder<>(driver, context);
  }

  /**
   * Runs the first attempt in the calling thread and, if it fails, schedules the retries.
   * Idempotent: later calls only return the state.
   *
   * @return whether the driver is initialised now
   * @throws IllegalStateException if called after {@link #stop()}
   */
  public boolean start() {
    synchronized (this) {
      if (stopped) {
        throw new IllegalStateException(
            "set-up of driver " + name + " was stopped and cannot be started again");
      }
      if (started) {
        return initialized;
      }
      started = true;
    }
    attempt();
    return initialized;
  }

  /** Cancels a pending retry; an attempt already running finishes. Idempotent. */
  public void stop() {
    synchronized (this) {
      stopped = true;
      pendingRetry.ifPresent(Cancellable::cancel);
      pendingRetry = Optional.empty();
    }
  }

  /** Whether an attempt has succeeded; cinder's {@code driver.initialized}. */
  public boolean initialized() {
    return initialized;
  }

  /** The driver, initialised or not (for shutdown and diagnostics). */
  public D driver() {
    return driver;
  }

  /**
   * The driver, if initialised (cinder's {@code require_driver_initialized}).
   *
   * @throws DriverNotInitializedException naming the driver and its last failure
   */
  public D require() {
    if (initialized) {
      return driver;
    }
    synchronized (this) {
      throw new DriverNotInitializedException(
          "driver "
              + name
              + " is not initialised"
              + (attempts == 0
                  ? " (set-up has not run yet)"
                  : " ("
                      + attempts
                      + " of "
                      + (reinitDriverCount + 1)
                      + " attempts failed, last: "
                      + lastFailure.orElse("?")
                      + ")")
              + (gaveUp ? "; it will not be retried until the service restarts" : ""));
    }
  }

  /** The driver's name in logs: its {@link DriverName} or class name. */
  public String driverName() {
    return name;
  }

  /** Attempts made so far. */
  public synchronized int attempts() {
    return attempts;
  }

  /** The last failure as {@code ExceptionClass: message}. */
  public synchronized Optional<String> lastFailure() {
    return lastFailure;
  }

  /** True once every attempt failed: the driver stays uninitialised until a restart. */
  public synchronized boolean gaveUp() {
    return gaveUp;
  }

  private void attempt() {
    int attempt;
    synchronized (this) {
      if (stopped && attempts > 0) {
        return;
      }
      attempt = ++attempts;
    }
    int total = reinitDriverCount + 1;
    try {
      driver.doSetup(context);
      driver.checkForSetupError();
      afterSetup.accept(driver);
    } catch (Throwable e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      failed(attempt, total, e);
      return;
    }
    initialized = true;
    LOG.info("Driver {} initialised on attempt {} of {}", name, attempt, total);
  }

  private void failed(int attempt, int total, Throwable cause) {
    synchronized (this) {
      lastFailure =
          Optional.of(
              cause.getClass().getName()
                  + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
      if (attempt >= total) {
        gaveUp = true;
        LOG.error(
            "driver {} failed to initialise after {} attempts; the service stays up but "
                + "reports itself down (last failure: {})",
            name,
            attempt,
            lastFailure.get(),
            cause);
        return;
      }
      if (stopped) {
        LOG.warn(
            "Driver {} failed to initialise (attempt {} of {}: {}); set-up was stopped, so "
                + "no retry",
            name,
            attempt,
            total,
            lastFailure.get(),
            cause);
        return;
      }
      Duration delay = Duration.ofSeconds(1L << (attempt - 1));
      LOG.warn(
          "Driver {} failed to initialise (attempt {} of {}: {}); retrying in {}",
          name,
          attempt,
          total,
          lastFailure.get(),
          Durations.format(delay),
          cause);
      pendingRetry = Optional.of(scheduler.schedule(delay, this::retry));
    }
  }

  private void retry() {
    synchronized (this) {
      pendingRetry = Optional.empty();
      if (stopped) {
        return;
      }
    }
    try {
      executor.execute(this::attempt);
    } catch (RejectedExecutionException e) {
      failed(attempts(), reinitDriverCount + 1, e);
    }
  }

  @Override
  public String toString() {
    return "DriverSetup[" + name + (initialized ? ", initialised" : ", not initialised") + "]";
  }

  /** Settings of a {@link DriverSetup}. */
  public static final class Builder<D extends Driver> {
    final D driver;
    final DriverContext context;
    Optional<Scheduler> scheduler = Optional.empty();
    Optional<Executor> executor = Optional.empty();
    int reinitDriverCount = DEFAULT_REINIT_DRIVER_COUNT;
    Consumer<D> afterSetup = driver -> {};

    private Builder(D driver, DriverContext context) {
      this.driver = driver;
      this.context = context;
    }

    /** Times the retries; default {@link Scheduler#system()}. */
    public Builder<D> scheduler(Scheduler scheduler) {
      if (scheduler == null) {
        throw new IllegalArgumentException("scheduler must not be null");
      }
      this.scheduler = Optional.of(scheduler);
      return this;
    }

    /**
     * Runs the retries; default a new thread per attempt from {@link Threads#factory}. {@code
     * Runnable::run} runs them on the scheduler's thread (tests with a manual clock).
     */
    public Builder<D> executor(Executor executor) {
      if (executor == null) {
        throw new IllegalArgumentException("executor must not be null");
      }
      this.executor = Optional.of(executor);
      return this;
    }

    /** cinder's {@code reinit_driver_count}: retries after the first attempt; default 3. */
    public Builder<D> reinitDriverCount(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("reinitDriverCount must be >= 0, found " + count);
      }
      this.reinitDriverCount = count;
      return this;
    }

    /**
     * A step run after {@code checkForSetupError} succeeds and before the driver counts as
     * initialised (cinder: init capabilities, re-export volumes, publish stats); if it throws, the
     * attempt failed. Steps added by several calls run in order.
     */
    public Builder<D> afterSetup(Consumer<D> step) {
      if (step == null) {
        throw new IllegalArgumentException("step must not be null");
      }
      this.afterSetup = this.afterSetup.andThen(step);
      return this;
    }

    public DriverSetup<D> build() {
      return new DriverSetup<>(this);
    }
  }
}
