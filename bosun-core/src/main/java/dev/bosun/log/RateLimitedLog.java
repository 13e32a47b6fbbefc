package dev.bosun.log;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs a repeated warning once per window instead of once per occurrence: a hostile client sending
 * 335 malformed messages a minute, or a periodic task that overruns every slot, gives one line per
 * window, and the next line that gets through says how many were held back: {@code "... (334 more
 * in the last 60 s)"}.
 *
 * <p>Occurrences are grouped by a key the caller chooses ({@code "malformed"}, a task's name): the
 * first occurrence of a key is logged at once; later ones within the window after it are counted,
 * not logged; the first occurrence after the window is logged with the count of those held back,
 * and opens a new window. Counts held back when no further occurrence comes are not reported, so
 * callers that must account for every occurrence keep a statistic as well (the RPC server counts
 * malformed messages in its statistics).
 *
 * <p>Thread-safe. Keep one per logger and reuse it; the number of keys should be small and fixed
 * (kinds of problem, task names), not one per message.
 */
public final class RateLimitedLog {
  /** The window used by {@link #create(Logger)}: {@value} seconds. */
  public static final int DEFAULT_WINDOW_SECONDS = 60;

  private final Logger logger;
  private final long windowNanos;
  private final String windowText;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  private static final class Window {
    long start;
    long heldBack;

    Window(long start) {
      this.start = start;
    }
  }

  private RateLimitedLog(Logger logger, Duration window, LongSupplier nanoClock) {
    this.logger = Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be > 0, found " + window);
    }
    this.windowNanos = window.toNanos();
    this.windowText = describe(window);
    this.nanoClock = nanoClock;
  }

  /** Rate-limits {@code logger} to one line per key every {@value #DEFAULT_WINDOW_SECONDS} s. */
  public static RateLimitedLog create(Logger logger) {
    return create(logger, Duration.ofSeconds(DEFAULT_WINDOW_SECONDS));
  }

  /** Rate-limits {@code logger} to one line per key every {@code window} (more than zero). */
  public static RateLimitedLog create(Logger logger, Duration window) {
    return new RateLimitedLog(logger, window, System::nanoTime);
  }

  /** For tests: a clock in nanoseconds that the test moves. */
  static RateLimitedLog create(Logger logger, Duration window, LongSupplier nanoClock) {
    return new RateLimitedLog(logger, window, nanoClock);
  }

  /** {@link #log} at WARN. */
  public boolean warn(String key, String format, @Nullable Object... arguments) {
    return log(Level.WARN, key, format, arguments);
  }

  /** {@link #log} at ERROR. */
  public boolean error(String key, String format, @Nullable Object... arguments) {
    return log(Level.ERROR, key, format, arguments);
  }

  /** {@link #log} at INFO. */
  public boolean info(String key, String format, @Nullable Object... arguments) {
    return log(Level.INFO, key, format, arguments);
  }

  /**
   * Logs {@code format} with SLF4J's {@code {}} placeholders and {@code arguments} (a last {@link
   * Throwable} argument is logged as the exception, as SLF4J does) unless an occurrence of {@code
   * key} was logged less than the window ago; whether it was logged.
   */
  public boolean log(Level level, String key, String format, @Nullable Object... arguments) {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(format, "format");
    if (!logger.isEnabledForLevel(level)) {
      return false;
    }
    long now = nanoClock.getAsLong();
    long heldBack;
    Window fresh = new Window(now);
    Window window = windows.putIfAbsent(key, fresh);
    if (window == null) {
      heldBack = 0;
    } else {
      synchronized (window) {
        if (now - window.start < windowNanos) {
          window.heldBack++;
          return false;
        }
        heldBack = window.heldBack;
        window.heldBack = 0;
        window.start = now;
      }
    }
    if (heldBack == 0) {
      emit(level, format, arguments);
    } else {
      emit(level, format + " ({} more in the last {})", withCount(arguments, heldBack));
    }
    return true;
  }

  private void emit(Level level, String format, Object[] arguments) {
    switch (level) {
      case ERROR -> logger.error(format, arguments);
      case WARN -> logger.warn(format, arguments);
      case INFO -> logger.info(format, arguments);
      case DEBUG -> logger.debug(format, arguments);
      case TRACE -> logger.trace(format, arguments);
    }
  }

  private Object[] withCount(Object[] arguments, long heldBack) {
    boolean endsWithThrowable =
        arguments.length > 0 && arguments[arguments.length - 1] instanceof Throwable;
    int plain = endsWithThrowable ? arguments.length - 1 : arguments.length;
    Object[] all = Arrays.copyOf(arguments, arguments.length + 2);
    all[plain] = heldBack;
    all[plain + 1] = windowText;
    if (endsWithThrowable) {
      all[plain + 2] = arguments[arguments.length - 1];
    }
    return all;
  }

  private static String describe(Duration window) {
    long millis = window.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return millis + " ms";
  }

  @Override
  public String toString() {
    return "RateLimitedLog[" + logger.getName() + ", one line per key every " + windowText + "]";
  }
}
