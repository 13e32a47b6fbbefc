package dev.bosun.cli;

import dev.bosun.service.ServiceLauncher;
import dev.bosun.service.Signals;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT while {@code bosun run} starts, before its {@link ServiceLauncher} handles
 * them: without this the JVM's default action would exit 143 and close the embedded database under
 * a running migration (two stack traces). SIGTERM asks for a clean stop: a wait for the database is
 * cut short, a migration runs to its end, and the service is then not started (exit 0); once the
 * launcher exists, SIGTERM is handed to it. SIGINT exits 130 at once, as the launcher does.
 */
final class StartSignals {
  private static final Logger LOG = LoggerFactory.getLogger(StartSignals.class);

  /** The last one installed; {@link #install()} on the same thread gives it again. */
  private static volatile @Nullable StartSignals installed;

  private final Thread main;
  private volatile boolean stopRequested;
  private volatile boolean interruptible;
  private volatile @Nullable ServiceLauncher launcher;

  private StartSignals(Thread main) {
    this.main = main;
  }

  /**
   * Handles SIGTERM and SIGINT for the calling thread's start; a second call on the same thread
   * (from {@link Main#main} as early as possible, then from {@code run}) keeps the first.
   */
  static synchronized StartSignals install() {
    StartSignals current = installed;
    if (current != null && current.main == Thread.currentThread() && current.launcher == null) {
      return current;
    }
    StartSignals signals = new StartSignals(Thread.currentThread());
    installed = signals;
    handle("TERM", signals::onTerm);
    handle(
        "INT",
        () -> {
          System.err.println("SIGINT: exiting at once");
          Runtime.getRuntime().halt(ServiceLauncher.EXIT_INTERRUPTED);
        });
    return signals;
  }

  private static void handle(String name, Runnable action) {
    Signals.handle(name, signal -> action.run());
  }

  private synchronized void onTerm() {
    if (launcher != null) {
      launcher.requestStop("SIGTERM");
      return;
    }
    if (stopRequested) {
      return;
    }
    stopRequested = true;
    LOG.info(
        "SIGTERM while starting: stopping {}",
        interruptible ? "now" : "once the current step (e.g. a schema migration) is done");
    if (interruptible) {
      main.interrupt();
    }
  }

  /** Whether SIGTERM came: the start should end without starting the service. */
  boolean stopRequested() {
    return stopRequested;
  }

  /**
   * Runs {@code wait} (a wait that an interrupt ends cleanly, such as waiting for the database) so
   * that SIGTERM interrupts it; other steps are never interrupted.
   */
  void interruptibly(Runnable wait) {
    synchronized (this) {
      if (stopRequested) {
        return;
      }
      interruptible = true;
    }
    try {
      wait.run();
    } finally {
      synchronized (this) {
        interruptible = false;
        if (stopRequested) {
          Thread.interrupted(); // the interrupt was ours
        }
      }
    }
  }

  /** From now on SIGTERM goes to {@code launcher}, also when it came before. */
  synchronized void handOver(ServiceLauncher launcher) {
    this.launcher = launcher;
    if (stopRequested) {
      launcher.requestStop("SIGTERM");
    }
  }
}
