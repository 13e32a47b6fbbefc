package dev.bosun.config;

import java.util.List;

/**
 * A load, reload or late registration found problems; {@link #problems()} holds every one of them,
 * not only the first, and the message lists them one per line.
 */
public final class ConfigLoadException extends ConfigException {
  private final transient List<ConfigException> problems;
  private final List<String> warnings;

  public ConfigLoadException(List<? extends ConfigException> problems) {
    this(problems, List.of());
  }

  /**
   * @param warnings what {@link Config#warnUnknown()} would say about the same sources (unknown
   *     options and sections, often the cause of an error: a misspelt required option), listed
   *     after the problems
   */
  public ConfigLoadException(List<? extends ConfigException> problems, List<String> warnings) {
    super(describe(problems, warnings));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigLoadException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  /** The unknown options and sections in the same sources, as warnings; often empty. */
  public List<String> warnings() {
    return warnings;
  }

  /** Every problem found, in the order found. */
  public List<ConfigException> problems() {
    return problems;
  }

  private static String describe(List<? extends ConfigException> problems, List<String> warnings) {
    StringBuilder text =
        new StringBuilder("Invalid configuration (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
    for (ConfigException problem : problems) {
      text.append("\n  ").append(problem.getMessage());
    }
    if (!warnings.isEmpty()) {
      text.append("\nand ")
          .append(warnings.size())
          .append(warnings.size() == 1 ? " warning:" : " warnings:");
      for (String warning : warnings) {
        text.append("\n  ").append(warning);
      }
    }
    return text.toString();
  }
}
