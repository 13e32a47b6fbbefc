package dev.bosun.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** How one kind of option reads its text form and writes it back. Package-private on purpose. */
abstract class ValueType<T> {

  /** The phrase for errors, e.g. {@code an integer}; ranges are appended to it. */
  final String noun;

  /** The full expectation when the text could not be read at all. */
  final String expected;

  /** The type as named in the sample file, e.g. {@code integer value}. */
  final String sampleName;

  /** The Java class of values, for checking values set in code. */
  private final Class<?> javaClass;

  private ValueType(Class<?> javaClass, String noun, String expected, String sampleName) {
    this.javaClass = javaClass;
    this.noun = noun;
    this.expected = expected;
    this.sampleName = sampleName;
  }

  /** The value, or empty when the text is not a value of this type. */
  abstract Optional<T> parse(String text);

  /** The text that {@link #parse} reads back to an equal value, as written in a config file. */
  String format(T value) {
    return String.valueOf(value);
  }

  /**
   * {@code value} as this type's value (lists and maps copied unmodifiable).
   *
   * @throws IllegalArgumentException when it is of another type
   */
  @SuppressWarnings("unchecked")
  T cast(Object value, Opt<?> opt) {
    java.util.Objects.requireNonNull(value, "value");
    if (!javaClass.isInstance(value)) {
      throw new IllegalArgumentException(
          opt
              + " takes a "
              + javaClass.getSimpleName()
              + " value, found "
              + value.getClass().getName()
              + " "
              + value);
    }
    return (T) value;
  }

  /** How a bound is written in an error or the sample, e.g. {@code 10s} for a duration. */
  String formatBound(T value) {
    return format(value);
  }

  static final ValueType<String> STRING =
      new ValueType<>(String.class, "a string", "a string", "string value") {
        @Override
        Optional<String> parse(String text) {
          return Optional.of(text);
        }
      };

  static final ValueType<Integer> INTEGER =
      new ValueType<>(Integer.class, "an integer", "an integer", "integer value") {
        @Override
        Optional<Integer> parse(String text) {
          try {
            return Optional.of(Integer.parseInt(text.trim()));
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        }
      };

  static final ValueType<Integer> PORT =
      new ValueType<>(
          Integer.class, "a port number", "a port number between 0 and 65535", "port value") {
        @Override
        Optional<Integer> parse(String text) {
          return INTEGER.parse(text).filter(port -> port >= 0 && port <= 65535);
        }
      };

  static final ValueType<Double> FLOAT =
      new ValueType<>(Double.class, "a number", "a number such as 1.5", "floating point value") {
        @Override
        Optional<Double> parse(String text) {
          try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        }
      };

  static final ValueType<Boolean> BOOLEAN =
      new ValueType<>(
          Boolean.class,
          "a boolean",
          "a boolean: true/false, yes/no, on/off or 1/0",
          "boolean value") {
        @Override
        Optional<Boolean> parse(String text) {
          switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "on":
            case "1":
              return Optional.of(Boolean.TRUE);
            case "false":
            case "no":
            case "off":
            case "0":
              return Optional.of(Boolean.FALSE);
            default:
              return Optional.empty();
          }
        }
      };

  static final ValueType<List<String>> LIST =
      new ValueType<>(List.class, "a list", "a comma-separated list", "list value") {
        @Override
        Optional<List<String>> parse(String text) {
          List<String> items = new ArrayList<>();
          for (String item : text.split("[,\n]", -1)) {
            if (!item.isBlank()) {
              items.add(item.trim());
            }
          }
          return Optional.of(List.copyOf(items));
        }

        @Override
        List<String> cast(Object value, Opt<?> opt) {
          List<?> list = (List<?>) super.cast(value, opt);
          List<String> copy = new ArrayList<>();
          for (Object item : list) {
            if (!(item instanceof String)) {
              throw new IllegalArgumentException(opt + " takes a list of strings, found " + list);
            }
            copy.add((String) item);
          }
          return List.copyOf(copy);
        }

        @Override
        String format(List<String> value) {
          return String.join(",", value);
        }
      };

  static final ValueType<Map<String, String>> DICT =
      new ValueType<>(
          Map.class,
          "key:value pairs",
          "key:value pairs separated by commas, such as a:1,b:2",
          "dict value") {
        @Override
        Optional<Map<String, String>> parse(String text) {
          Map<String, String> map = new LinkedHashMap<>();
          for (String pair : text.split("[,\n]", -1)) {
            if (!pair.isBlank()) {
              int colon = pair.indexOf(':');
              if (colon < 0 || pair.substring(0, colon).isBlank()) {
                return Optional.empty();
              }
              map.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
            }
          }
          return Optional.of(Collections.unmodifiableMap(map));
        }

        @Override
        Map<String, String> cast(Object value, Opt<?> opt) {
          Map<String, String> copy = new LinkedHashMap<>();
          for (Map.Entry<?, ?> e : ((Map<?, ?>) super.cast(value, opt)).entrySet()) {
            if (!(e.getKey() instanceof String) || !(e.getValue() instanceof String)) {
              throw new IllegalArgumentException(opt + " takes a map of strings, found " + value);
            }
            copy.put((String) e.getKey(), (String) e.getValue());
          }
          return Collections.unmodifiableMap(copy);
        }

        @Override
        String format(Map<String, String> value) {
          StringBuilder text = new StringBuilder();
          value.forEach(
              (k, v) -> text.append(text.length() == 0 ? "" : ",").append(k).append(':').append(v));
          return text.toString();
        }
      };

  static final ValueType<Duration> DURATION = new DurationType();

  static final ValueType<String> URL =
      new ValueType<>(
          String.class, "a URL", "a URL such as rabbit://user:pass@host:5672/", "URI value") {
        private final Pattern scheme = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S*");
        private final Pattern emptyAuthority =
            Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://(/\\S*)?");

        @Override
        Optional<String> parse(String text) {
          String trimmed = text.trim();
          if (!scheme.matcher(trimmed).matches()) {
            return Optional.empty();
          }
          if (emptyAuthority.matcher(trimmed).matches()) {
            return Optional.of(trimmed);
          }
          try {
            new URI(trimmed);
            return Optional.of(trimmed);
          } catch (URISyntaxException e) {
            return Optional.empty();
          }
        }
      };

  static ValueType<String> choice() {
    return new ValueType<>(
        String.class, "one of the choices", "one of the choices", "string value") {
      @Override
      Optional<String> parse(String text) {
        return Optional.of(text.trim());
      }
    };
  }

  /** Durations, read by {@link Durations#parse}, the one duration syntax of Bosun. */
  private static final class DurationType extends ValueType<Duration> {
    DurationType() {
      super(
          Duration.class,
          "a duration",
          "a duration such as 10, 10s, 500ms or PT10S",
          "duration value");
    }

    @Override
    Optional<Duration> parse(String text) {
      return Durations.read(text);
    }

    /** Whole seconds as a plain number (oslo style, {@code report_interval = 10}). */
    @Override
    String format(Duration value) {
      if (!value.isNegative() && value.toNanosPart() == 0) {
        return Long.toString(value.toSeconds());
      }
      return formatBound(value);
    }

    @Override
    String formatBound(Duration value) {
      if (value.isNegative()) {
        return value.toString();
      }
      long nanos;
      try {
        nanos = value.toNanos();
      } catch (ArithmeticException e) {
        return value.toString();
      }
      if (nanos != 0 && nanos % 86_400_000_000_000L == 0) {
        return nanos / 86_400_000_000_000L + "d";
      } else if (nanos != 0 && nanos % 3_600_000_000_000L == 0) {
        return nanos / 3_600_000_000_000L + "h";
      } else if (nanos != 0 && nanos % 60_000_000_000L == 0) {
        return nanos / 60_000_000_000L + "m";
      } else if (nanos % 1_000_000_000L == 0) {
        return nanos / 1_000_000_000L + "s";
      } else if (nanos % 1_000_000L == 0) {
        return nanos / 1_000_000L + "ms";
      }
      return value.toString();
    }
  }
}
