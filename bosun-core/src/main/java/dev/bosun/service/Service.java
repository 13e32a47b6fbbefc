package dev.bosun.service;

import java.time.Duration;
import java.util.Optional;

/**
 * Something a {@link ServiceLauncher} runs in a process: a manager behind RPC, heartbeats and
 * periodic tasks ({@link ManagerService}), or, later, an HTTP API.
 *
 * <p>The life cycle is {@code NEW -> STARTING -> RUNNING -> STOPPING -> STOPPED}; a failure in any
 * step ends in {@code FAILED}. {@link #start()} and {@link #stop(Duration)} are idempotent; a
 * stopped or failed service cannot be started again, and says so. Listeners are called on the
 * thread that makes the transition, in the order they were added.
 */
public interface Service {

  /** States of a service. */
  enum State {
    NEW,
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    FAILED
  }

  /** A name for logs and reports, e.g. {@code volume@host1}. */
  String name();

  State state();

  /** Why the service failed, when it did. */
  Optional<Throwable> failureCause();

  /**
   * Starts the service and returns once it runs.
   *
   * @throws ServiceException when a start step fails; the service is then {@code FAILED} and has
   *     released what it had started
   */
  void start();

  /**
   * Stops the service: stop taking work, let work in flight finish within {@code timeout} (zero
   * means wait for ever), then release everything. Returns when the service is stopped.
   */
  void stop(Duration timeout);

  /** Called on SIGHUP after the configuration was reloaded: drop caches, re-read settings. */
  void reset();

  /** Appends this service's part of the SIGUSR2 report. */
  void report(StringBuilder out);

  void addListener(Listener listener);

  /** Receives state changes; every method has an empty default. */
  interface Listener {
    default void starting(Service service) {}

    default void running(Service service) {}

    default void stopping(Service service, State from) {}

    default void terminated(Service service, State from) {}

    default void failed(Service service, State from, Throwable cause) {}
  }
}
