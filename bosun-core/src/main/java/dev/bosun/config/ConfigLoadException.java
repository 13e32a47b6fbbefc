package dev.bosun.config;

import java.util.List;

/**
 * A load, reload or late registration found problems; {@link #problems()} holds every one of them,
 * not only the first, and the message lists them one per line.
 */
public final class ConfigLoadException extends ConfigException {
  private final transient List<ConfigException> problems;

  public ConfigLoadException(List<? extends ConfigException> problems) {
    super(describe(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigLoadException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order found. */
  public List<ConfigException> problems() {
    return problems;
  }

  private static String describe(List<? extends ConfigException> problems) {
    StringBuilder text =
        new StringBuilder("Invalid configuration (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    for (ConfigException problem : problems) {
      text.append("\n  ").append(problem.getMessage());
    }
    return text.toString();
  }
}
