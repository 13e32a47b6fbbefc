package dev.bosun.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way Bosun's options and annotations write them, one syntax for both: a bare
 * number of seconds as oslo writes intervals and spacings ({@code 60}, {@code 1.5}, {@code -1}), a
 * number with a unit ({@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}), or ISO-8601
 * ({@code PT10S}). Units and ISO-8601 are Bosun's additions; oslo reads whole seconds only.
 *
 * <p>Negative values are read: for a periodic task's spacing they mean "disabled", as in oslo; a
 * duration option that must not be negative declares {@code min(Duration.ZERO)}. Stateless and safe
 * from any thread.
 */
public final class Durations {
  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

  private Durations() {}

  /**
   * Parses {@code text}; white space around it is ignored, letters may be of either case.
   *
   * @throws IllegalArgumentException naming the bad text when it is not a duration, or one that
   *     does not fit in a {@link Duration} of whole nanoseconds
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("duration must not be null");
    }
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith("p") || trimmed.startsWith("-p")) {
      try {
        return Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    Matcher matcher = NUMBER_WITH_UNIT.matcher(trimmed);
    if (!matcher.matches()) {
      throw invalid(text);
    }
    BigDecimal amount = new BigDecimal(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    long nanosPerUnit =
        switch (unit) {
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> 86_400_000_000_000L;
        };
    try {
      return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration is too long or too precise: '" + text + "'");
    }
  }

  /** {@link #parse}, or empty when {@code text} is not a duration; for option values. */
  static Optional<Duration> read(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A short form for logs and tables: {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}. (A
   * config file's form, which reads back exactly, is {@link Opt#format}.)
   */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    long millis = duration.toMillis();
    if (duration.abs().compareTo(Duration.ofSeconds(1)) < 0) {
      return millis + "ms";
    }
    if (millis % 3_600_000 == 0) {
      return (millis / 3_600_000) + "h";
    }
    if (millis % 60_000 == 0) {
      return (millis / 60_000) + "m";
    }
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "expected a duration like 500ms, 10s, 2m, 1h, a number of "
            + "seconds, or ISO-8601 like PT10S; found '"
            + text
            + "'");
  }
}
