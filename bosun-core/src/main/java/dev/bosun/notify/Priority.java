package dev.bosun.notify;

import java.util.Locale;
import java.util.Optional;

/** A notification's priority, with oslo's seven names. */
public enum Priority {
  AUDIT,
  DEBUG,
  INFO,
  WARN,
  ERROR,
  CRITICAL,
  SAMPLE;

  /** The body's {@code priority} value, upper case: {@code INFO}. */
  public String wireName() {
    return name();
  }

  /** The routing-key and queue suffix, lower case: {@code notifications.info}. */
  public String keySuffix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The priority named by {@code text}, ignoring case, as oslo's listener does; empty for any other
   * text, including {@code WARNING} (oslo's notifier sends {@code WARN}).
   */
  public static Optional<Priority> parse(String text) {
    for (Priority p : values()) {
      if (p.name().equalsIgnoreCase(text)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
