package dev.bosun.manager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link Manager}'s hooks in nova's order, for the service that runs it; application code
 * overrides the hooks and never calls them. Each call runs the hook on the calling thread. A call
 * out of order fails with {@link IllegalStateException} naming the current phase; the hooks never
 * run concurrently with each other.
 *
 * <p>Order: {@link #initHost()} → {@link #preStart()} → {@link #postStart()} → {@link #cleanup()}.
 * {@link #cleanup()} may be called from any phase (a failed start still cleans up if the host was
 * initialised) and is idempotent; {@link #reset()} may be called between the start and the cleanup.
 */
public final class ManagerLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerLifecycle.class);

  /** Where the manager is in its life. */
  public enum Phase {
    NEW,
    HOST_INITIALISED,
    PRE_STARTED,
    STARTED,
    CLEANED_UP
  }

  private final Manager manager;
  private Phase phase = Phase.NEW;

  private ManagerLifecycle(Manager manager) {
    this.manager = manager;
  }

  /** The lifecycle of {@code manager}; make one per manager. */
  public static ManagerLifecycle of(Manager manager) {
    if (manager == null) {
      throw new IllegalArgumentException("manager must not be null");
    }
    return new ManagerLifecycle(manager);
  }

  public synchronized Phase phase() {
    return phase;
  }

  /** Runs {@link Manager#initHost()}. */
  public synchronized void initHost() {
    expect(Phase.NEW, "initHost");
    manager.initHost();
    phase = Phase.HOST_INITIALISED;
  }

  /** Runs {@link Manager#preStartHook()}; call after writing the service record. */
  public synchronized void preStart() {
    expect(Phase.HOST_INITIALISED, "preStart");
    manager.preStartHook();
    phase = Phase.PRE_STARTED;
  }

  /**
   * Runs {@link Manager#postStartHook()} then {@link Manager#initHostWithRpc()}; call after the RPC
   * server started.
   */
  public synchronized void postStart() {
    expect(Phase.PRE_STARTED, "postStart");
    manager.postStartHook();
    manager.initHostWithRpc();
    phase = Phase.STARTED;
  }

  /**
   * Runs {@link Manager#reset()} (SIGHUP). Allowed once the host is initialised and until the
   * cleanup.
   */
  public synchronized void reset() {
    if (phase == Phase.NEW || phase == Phase.CLEANED_UP) {
      throw new IllegalStateException(
          "cannot reset "
              + manager
              + " in phase "
              + phase
              + "; reset is allowed between initHost and cleanup");
    }
    manager.reset();
  }

  /**
   * Runs {@link Manager#cleanupHost()} once, if the host was initialised; an exception is logged
   * and not thrown, so the stop can go on. Idempotent.
   */
  public synchronized void cleanup() {
    if (phase == Phase.CLEANED_UP) {
      return;
    }
    Phase was = phase;
    phase = Phase.CLEANED_UP;
    if (was == Phase.NEW) {
      return;
    }
    try {
      manager.cleanupHost();
    } catch (RuntimeException | Error e) {
      LOG.error("cleanupHost of {} failed; the service goes on stopping", manager, e);
    }
  }

  private void expect(Phase expected, String step) {
    if (phase != expected) {
      throw new IllegalStateException(
          "cannot " + step + " " + manager + " in phase " + phase + "; expected " + expected);
    }
  }
}
