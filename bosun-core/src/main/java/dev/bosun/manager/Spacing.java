package dev.bosun.manager;

import dev.bosun.config.Durations;
import java.time.Duration;

/** How often a periodic task runs: a fixed duration, or the current value of a duration option. */
public sealed interface Spacing permits Spacing.Fixed, Spacing.FromOption {

  /** A fixed spacing; zero or negative means the task is not registered. */
  static Spacing every(Duration every) {
    return new Fixed(every);
  }

  /** The spacing is the current value of the duration option {@code option}. */
  static Spacing fromOption(String option) {
    return new FromOption(option);
  }

  /** A fixed spacing. */
  record Fixed(Duration every) implements Spacing {
    public Fixed {
      if (every == null) {
        throw new IllegalArgumentException("spacing must not be null");
      }
    }

    @Override
    public String toString() {
      return Durations.format(every);
    }
  }

  /** The spacing read from a config option each time the task is scheduled. */
  record FromOption(String option) implements Spacing {
    public FromOption {
      if (option == null || option.isBlank()) {
        throw new IllegalArgumentException(
            "spacing option name must not be blank, found '" + option + "'");
      }
    }

    @Override
    public String toString() {
      return "option " + option;
    }
  }
}
