package dev.bosun.service;

import dev.bosun.concurrent.Threads;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs several services in one process until it is told to stop (oslo's {@code ServiceLauncher}).
 *
 * <p>{@link #launch()} installs the signal handlers, starts the services in the order given, and
 * blocks until a stop is requested; it then stops the services in reverse order, sharing {@code
 * graceful_shutdown_timeout} between them (each gets what the ones before it left), and returns the
 * process exit code. A stop requested while a service starts does not wait for that start: the
 * starting thread is interrupted (a start that honours interrupts then fails and releases what it
 * had started), no later service is started, and the stop goes on as usual. Every stop, including
 * the one after a failed start, is watched by a watchdog that halts the process once {@code
 * graceful_shutdown_timeout} has passed.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><td>{@value #EXIT_OK}</td><td>stopped cleanly (SIGTERM, or {@link #requestStop}), also
 *       when the stop came during a start and interrupted it</td></tr>
 *   <tr><td>{@value #EXIT_FAILURE}</td><td>stopped, but at least one service failed to stop
 *       cleanly (it ended {@code FAILED}; its error is logged)</td></tr>
 *   <tr><td>{@value #EXIT_SHUTDOWN_TIMEOUT}</td><td>the graceful stop outlasted
 *       {@code graceful_shutdown_timeout}; the process is halted after logging what still ran</td></tr>
 *   <tr><td>{@value #EXIT_START_FAILED}</td><td>a service failed to start; those already started
 *       were stopped (if that stop outlasts {@code graceful_shutdown_timeout}, the process is
 *       halted with this code too)</td></tr>
 *   <tr><td>{@value #EXIT_INTERRUPTED}</td><td>SIGINT: the process exits at once, stopping
 *       nothing</td></tr>
 * </table>
 *
 * <p>Signals, as oslo.service handles them in one process:
 *
 * <ul>
 *   <li>SIGTERM: graceful stop within {@code graceful_shutdown_timeout} (0 waits for ever); past
 *       it, log the services still stopping and exit {@value #EXIT_SHUTDOWN_TIMEOUT}.
 *   <li>SIGINT: exit {@value #EXIT_INTERRUPTED} at once (oslo's {@code os._exit}).
 *   <li>SIGHUP: when the process has no controlling terminal (a daemon), reload the configuration
 *       and call {@link Service#reset()} on every service; in a foreground terminal it stops the
 *       process gracefully, as oslo does.
 *   <li>SIGUSR2: write a report to standard error: services and their states, the sections given to
 *       the builder (configuration with secrets masked, ...), each service's own part
 *       (periodic-task statistics, ...), and every thread's stack.
 * </ul>
 *
 * Signal handlers only hand work to a launcher thread, so a slow reload never blocks the JVM's
 * signal dispatch.
 */
public final class ServiceLauncher {
  public static final int EXIT_OK = 0;

  /** A service failed to stop cleanly; same value as {@link #EXIT_SHUTDOWN_TIMEOUT}, as in oslo. */
  public static final int EXIT_FAILURE = 1;

  public static final int EXIT_SHUTDOWN_TIMEOUT = 1;
  public static final int EXIT_START_FAILED = 3;
  public static final int EXIT_INTERRUPTED = 130;

  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

  private final List<Service> services;
  private final Duration gracefulShutdownTimeout;
  private final Runnable reload;
  private final Map<String, Consumer<StringBuilder>> reportSections;
  private final boolean installSignalHandlers;
  private final PrintStream reportStream;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean launched = new AtomicBoolean();
  private volatile String stopReason = "";
  private final Object startLock = new Object();
  private @Nullable Thread startingThread; // guarded by startLock
  private @Nullable Service startingService; // guarded by startLock
  private boolean startInterrupted; // guarded by startLock
  private final Object watchdogLock = new Object();
  private @Nullable Thread watchdog; // guarded by watchdogLock
  private boolean watchdogDone; // guarded by watchdogLock
  private long shutdownBegan; // guarded by watchdogLock; System.nanoTime() when the watchdog began

  private ServiceLauncher(Builder builder) {
    this.services = List.copyOf(builder.services);
    this.gracefulShutdownTimeout = builder.gracefulShutdownTimeout;
    this.reload = builder.reload;
    this.reportSections = new LinkedHashMap<>(builder.reportSections);
    this.installSignalHandlers = builder.installSignalHandlers;
    this.reportStream = builder.reportStream;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Service> services() {
    return services;
  }

  /**
   * Starts every service, then blocks until a stop is requested and every service has stopped.
   *
   * @return the exit code (see the class description)
   * @throws IllegalStateException when called twice
   */
  public int launch() {
    if (!launched.compareAndSet(false, true)) {
      throw new IllegalStateException("this launcher was already launched");
    }
    if (installSignalHandlers) {
      installHandlers();
    }
    List<Service> started = new ArrayList<>();
    for (Service service : services) {
      synchronized (startLock) {
        if (stopRequested.getCount() == 0) {
          LOG.info("Not starting {}: stopping ({})", service.name(), stopReason);
          break;
        }
        startingThread = Thread.currentThread();
        startingService = service;
      }
      try {
        LOG.info("Starting {}", service.name());
        service.start();
        started.add(service);
      } catch (RuntimeException e) {
        if (endStart()) {
          LOG.info(
              "The start of {} was interrupted by the stop ({}): {}",
              service.name(),
              stopReason,
              e.toString());
          break;
        }
        LOG.error(
            "Service {} failed to start; stopping the {} already started",
            service.name(),
            started.size(),
            e);
        startWatchdog("Stopping the services after a failed start", EXIT_START_FAILED);
        stopAll(started);
        stopWatchdog();
        return EXIT_START_FAILED;
      }
      endStart();
    }
    if (started.size() == services.size()) {
      LOG.info(
          "All {} service(s) running ({}); pid {}",
          services.size(),
          Threads.describe(),
          ProcessInfo.pid());
    }
    awaitStopRequest();
    LOG.info("Stopping {} service(s): {}", started.size(), stopReason);
    startWatchdog("Graceful shutdown", EXIT_SHUTDOWN_TIMEOUT);
    boolean clean = stopAll(started);
    stopWatchdog();
    if (!clean) {
      LOG.error(
          "Stopped, but not every service stopped cleanly (see above); exiting with " + "status {}",
          EXIT_FAILURE);
      return EXIT_FAILURE;
    }
    LOG.info("All services stopped");
    return EXIT_OK;
  }

  /**
   * Ends the current start: no stop request interrupts this thread from now on, and an interrupt a
   * stop request made is cleared, so it does not cut the stop short.
   *
   * @return whether a stop request interrupted the start
   */
  private boolean endStart() {
    synchronized (startLock) {
      boolean interrupted = startInterrupted;
      startingThread = null;
      startingService = null;
      startInterrupted = false;
      if (interrupted) {
        Thread.interrupted();
      }
      return interrupted;
    }
  }

  /** Asks {@link #launch()} to stop every service gracefully, as SIGTERM does. */
  public void requestStop(String reason) {
    if (stopping.compareAndSet(false, true)) {
      stopReason = reason;
      synchronized (startLock) {
        stopRequested.countDown();
        if (startingThread != null) {
          LOG.info(
              "Stop requested ({}) while {} is starting; interrupting its start",
              reason,
              startingService != null ? startingService.name() : "a service");
          startWatchdog("Graceful shutdown", EXIT_SHUTDOWN_TIMEOUT);
          startInterrupted = true;
          startingThread.interrupt();
        }
      }
    } else {
      LOG.info("Already stopping ({}); ignoring {}", stopReason, reason);
    }
  }

  /** Reloads the configuration and resets every running service, as SIGHUP does in a daemon. */
  public void reload() {
    LOG.info("Reloading the configuration and resetting {} service(s)", services.size());
    try {
      reload.run();
    } catch (RuntimeException e) {
      LOG.error("Reloading the configuration failed; keeping the running configuration", e);
      return;
    }
    for (Service service : services) {
      try {
        service.reset();
      } catch (RuntimeException e) {
        LOG.error(
            "Resetting {} failed; it keeps running with its previous state", service.name(), e);
      }
    }
  }

  /** The SIGUSR2 report. */
  public String report() {
    StringBuilder out = new StringBuilder(8192);
    out.append("==== Bosun report ====\n")
        .append("pid ")
        .append(ProcessInfo.pid())
        .append(", at ")
        .append(Instant.now())
        .append(", Java ")
        .append(Runtime.version())
        .append(", tasks on ")
        .append(Threads.describe())
        .append('\n');
    out.append("\n==== Services ====\n");
    for (Service service : services) {
      out.append(String.format("%-40s %s%n", service.name(), service.state()));
    }
    for (Map.Entry<String, Consumer<StringBuilder>> section : reportSections.entrySet()) {
      out.append("\n==== ").append(section.getKey()).append(" ====\n");
      appendSafely(out, section.getValue());
    }
    for (Service service : services) {
      out.append("\n==== ").append(service.name()).append(" ====\n");
      appendSafely(out, service::report);
    }
    out.append("\n==== Threads ====\n");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      appendThread(out, info);
    }
    return out.toString();
  }

  private static void appendSafely(StringBuilder out, Consumer<StringBuilder> section) {
    try {
      section.accept(out);
    } catch (RuntimeException e) {
      out.append("(this section failed: ").append(e).append(")\n");
    }
  }

  private static void appendThread(StringBuilder out, ThreadInfo info) {
    out.append('"')
        .append(info.getThreadName())
        .append("\" id=")
        .append(info.getThreadId())
        .append(' ')
        .append(info.getThreadState());
    if (info.getLockName() != null) {
      out.append(" on ").append(info.getLockName());
    }
    if (info.getLockOwnerName() != null) {
      out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
    }
    out.append('\n');
    for (StackTraceElement frame : info.getStackTrace()) {
      out.append("    at ").append(frame).append('\n');
    }
  }

  private void installHandlers() {
    Signals.handle("TERM", signal -> requestStop("SIGTERM"));
    Signals.handle(
        "INT",
        signal -> {
          System.err.println("SIGINT: exiting at once");
          Runtime.getRuntime().halt(EXIT_INTERRUPTED);
        });
    Signals.handle("HUP", signal -> onHangUp());
    Signals.handle(
        "USR2", signal -> Threads.startDaemon("bosun-report", () -> reportStream.print(report())));
  }

  private void onHangUp() {
    if (ProcessInfo.isDaemon()) {
      Threads.startDaemon("bosun-reload", this::reload);
    } else {
      LOG.info(
          "SIGHUP in a foreground process: stopping, as oslo.service does "
              + "(a daemon would reload its configuration instead)");
      requestStop("SIGHUP in a foreground process");
    }
  }

  private void awaitStopRequest() {
    boolean interrupted = false;
    while (true) {
      try {
        stopRequested.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts the watchdog, once: {@code graceful_shutdown_timeout} from now it logs the services
   * still running and halts the process with {@code exitCode}. Zero starts none (waits for ever).
   */
  private void startWatchdog(String what, int exitCode) {
    synchronized (watchdogLock) {
      if (watchdog != null || watchdogDone) {
        return;
      }
      shutdownBegan = System.nanoTime();
      if (gracefulShutdownTimeout.isZero()) {
        watchdogDone = true;
        return;
      }
      watchdog =
          Threads.startDaemon(
              "bosun-shutdown-watchdog",
              () -> {
                try {
                  TimeUnit.NANOSECONDS.sleep(saturatedNanos(gracefulShutdownTimeout));
                } catch (InterruptedException e) {
                  return;
                }
                String running =
                    services.stream()
                        .filter(
                            service ->
                                service.state() != Service.State.STOPPED
                                    && service.state() != Service.State.FAILED
                                    && service.state() != Service.State.NEW)
                        .map(Service::toString)
                        .collect(Collectors.joining(", "));
                LOG.error(
                    "{} timed out after {} (graceful_shutdown_timeout); still running: {}; "
                        + "exiting with status {}",
                    what,
                    gracefulShutdownTimeout,
                    running,
                    exitCode);
                System.err.println(
                    "Graceful shutdown timed out after "
                        + gracefulShutdownTimeout
                        + "; still running: "
                        + running);
                Runtime.getRuntime().halt(exitCode);
              });
    }
  }

  private void stopWatchdog() {
    synchronized (watchdogLock) {
      watchdogDone = true;
      if (watchdog != null) {
        watchdog.interrupt();
      }
    }
  }

  /** What is left of graceful_shutdown_timeout since the watchdog began; zero means for ever. */
  private Duration shutdownTimeLeft() {
    if (gracefulShutdownTimeout.isZero()) {
      return Duration.ZERO;
    }
    long began;
    synchronized (watchdogLock) {
      began = shutdownBegan;
    }
    long left = saturatedNanos(gracefulShutdownTimeout) - (System.nanoTime() - began);
    return Duration.ofNanos(Math.max(1, left)); // a service's zero would wait for ever
  }

  /**
   * Stops {@code started} in reverse order within what is left of the shutdown time.
   *
   * @return whether every service stopped cleanly (none ended {@code FAILED})
   */
  private boolean stopAll(List<Service> started) {
    boolean clean = true;
    for (int i = started.size() - 1; i >= 0; i--) {
      Service service = started.get(i);
      try {
        service.stop(shutdownTimeLeft());
      } catch (RuntimeException e) {
        LOG.error("Service {} did not stop cleanly", service.name(), e);
      }
      if (service.state() == Service.State.FAILED) {
        clean = false;
      }
    }
    return clean;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Builds a {@link ServiceLauncher}. */
  public static final class Builder {
    private final List<Service> services = new ArrayList<>();
    private Duration gracefulShutdownTimeout = Duration.ofSeconds(60);
    private Runnable reload = () -> {};
    private final Map<String, Consumer<StringBuilder>> reportSections = new LinkedHashMap<>();
    private boolean installSignalHandlers = true;
    private PrintStream reportStream = System.err;

    private Builder() {}

    public Builder service(Service service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /** oslo's {@code graceful_shutdown_timeout} (60 s); zero waits for ever. */
    public Builder gracefulShutdownTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException(
            "graceful_shutdown_timeout must be >= 0, found " + timeout);
      }
      this.gracefulShutdownTimeout = timeout;
      return this;
    }

    /** What SIGHUP runs before resetting the services: normally the configuration's reload. */
    public Builder onReload(Runnable reload) {
      this.reload = Objects.requireNonNull(reload, "reload");
      return this;
    }

    /** Adds a titled section to the SIGUSR2 report. */
    public Builder reportSection(String title, Consumer<StringBuilder> section) {
      reportSections.put(title, Objects.requireNonNull(section, "section"));
      return this;
    }

    /** Whether {@link #launch()} installs the signal handlers (true; tests in one JVM say no). */
    public Builder installSignalHandlers(boolean install) {
      this.installSignalHandlers = install;
      return this;
    }

    public Builder reportStream(PrintStream stream) {
      this.reportStream = Objects.requireNonNull(stream, "stream");
      return this;
    }

    public ServiceLauncher build() {
      if (services.isEmpty()) {
        throw new IllegalStateException("a launcher needs at least one service");
      }
      return new ServiceLauncher(this);
    }
  }
}
