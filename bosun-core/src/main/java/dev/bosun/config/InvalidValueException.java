package dev.bosun.config;

/**
 * A value could not be read as its option's type, or is outside its bounds or choices. The message
 * reads like {@code /etc/bosun/bosun.conf:12: [DEFAULT] report_interval = 'ten': expected a
 * duration such as 10, 10s, 500ms or PT10S}. The value of a secret option is masked ({@link
 * Opt#displayValue(String)}).
 */
public final class InvalidValueException extends ConfigException {
  private final transient Opt<?> option;
  private final ValueSource source;
  private final String expected;

  public InvalidValueException(Opt<?> option, ValueSource source, String value, String expected) {
    super(
        source.location()
            + ": "
            + option
            + " = '"
            + option.displayValue(value)
            + "': expected "
            + expected);
    this.option = option;
    this.source = source;
    this.expected = expected;
  }

  /** The option whose value is bad. */
  public Opt<?> option() {
    return option;
  }

  /** Where the bad value came from. */
  public ValueSource source() {
    return source;
  }

  /** What a good value looks like, e.g. {@code an integer >= 1}. */
  public String expected() {
    return expected;
  }
}
