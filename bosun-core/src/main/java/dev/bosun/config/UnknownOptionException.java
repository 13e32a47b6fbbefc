package dev.bosun.config;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A command-line argument names no registered option, or is not an option at all. Unlike an unknown
 * option in a config file (a warning), this is an error: a typo on the command line is noticed at
 * once by whoever typed it.
 */
public final class UnknownOptionException extends ConfigException {
  private final String argument;
  private final @Nullable String suggestion;

  public UnknownOptionException(String argument, String problem, Optional<String> suggestion) {
    super(
        "command line "
            + argument
            + ": "
            + problem
            + suggestion.map(s -> "; did you mean " + s + "?").orElse(""));
    this.argument = argument;
    this.suggestion = suggestion.orElse(null);
  }

  /** The argument as typed. */
  public String argument() {
    return argument;
  }

  /** The nearest known option, if one is close. */
  public Optional<String> suggestion() {
    return Optional.ofNullable(suggestion);
  }
}
