package dev.bosun.config;

/**
 * An option that must have a value has none: a {@link Opt#required() required} option that no
 * source sets, or {@link Config#get(Opt)} on an option with no value and no default. The message
 * says where the value could be set.
 */
public final class MissingValueException extends ConfigException {
  private final transient Opt<?> option;

  public MissingValueException(Opt<?> option, String problem, String envPrefix) {
    super(
        option
            + " "
            + problem
            + "; set it in a config file ("
            + option.fileExample()
            + "), in the environment ("
            + option.environmentVariable(envPrefix)
            + ") or on the command line ("
            + option.commandLineName()
            + " ...)");
    this.option = option;
  }

  /** The option without a value. */
  public Opt<?> option() {
    return option;
  }
}
