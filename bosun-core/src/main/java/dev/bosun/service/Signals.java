package dev.bosun.service;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's only way to catch SIGHUP, SIGUSR2 and friends is {@code sun.misc.Signal} (module {@code
 * jdk.unsupported}); it is kept behind this one class. It does not work when the JVM runs with
 * {@code -Xrs}: then {@link #handle} logs a warning and returns false.
 *
 * <p>Handlers are called on a thread the JVM creates for each signal; they should hand work to
 * another thread and return.
 */
@SuppressWarnings("restriction")
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /** Installs {@code handler} for the signal named without its SIG prefix ("TERM", "HUP"). */
  static boolean handle(String name, Consumer<String> handler) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> handler.accept(name));
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn(
          "Cannot handle SIG{} in this JVM ({}); that signal keeps its default action",
          name,
          e.getMessage());
      return false;
    }
  }
}
