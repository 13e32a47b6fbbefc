package dev.bosun.manager;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way Bosun's annotations and options write them: a number with a unit
 * ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d}), a bare number of seconds as
 * oslo writes spacings ({@code 60}, {@code 1.5}, {@code -1}), or ISO-8601 ({@code PT10S}).
 * Negative values are accepted: for periodic tasks they mean "disabled".
 */
public final class Durations {
  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the bad text when it is not a duration
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("duration must not be null");
    }
    String trimmed = text.trim();
    String upper = trimmed.toUpperCase(Locale.ROOT);
    if (upper.startsWith("P") || upper.startsWith("-P")) {
      try {
        return Duration.parse(upper);
      } catch (DateTimeParseException e) {
        throw invalid(text);
      }
    }
    Matcher matcher = NUMBER_WITH_UNIT.matcher(trimmed.toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw invalid(text);
    }
    BigDecimal amount = new BigDecimal(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    BigDecimal nanosPerUnit;
    switch (unit) {
      case "ms":
        nanosPerUnit = BigDecimal.valueOf(1_000_000L);
        break;
      case "s":
        nanosPerUnit = BigDecimal.valueOf(1_000_000_000L);
        break;
      case "m":
        nanosPerUnit = BigDecimal.valueOf(60_000_000_000L);
        break;
      case "h":
        nanosPerUnit = BigDecimal.valueOf(3_600_000_000_000L);
        break;
      default:
        nanosPerUnit = BigDecimal.valueOf(86_400_000_000_000L);
        break;
    }
    try {
      return Duration.ofNanos(amount.multiply(nanosPerUnit).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration is too long or too precise: '" + text + "'");
    }
  }

  /** A short form for logs and tables: {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}. */
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
    return new IllegalArgumentException("expected a duration like 500ms, 10s, 2m, 1h, a number of "
        + "seconds, or ISO-8601 like PT10S; found '" + text + "'");
  }
}
