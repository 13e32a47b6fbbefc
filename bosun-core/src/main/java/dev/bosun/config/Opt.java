package dev.bosun.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A configuration option declared in code: its type, group (default {@code DEFAULT}), name,
 * default, help text and flags. Options are immutable values, usually kept in {@code static final}
 * fields and registered with {@link Config#register(Opt[])}:
 *
 * <pre>{@code
 * static final Opt<Duration> REPORT_INTERVAL = Opt.duration("report_interval")
 *     .defaultValue(Duration.ofSeconds(10)).min(Duration.ofSeconds(1))
 *     .help("Seconds between nodes reporting state to the services table.").build();
 * }</pre>
 *
 * <p>Two options are equal when every attribute is; registering an equal option twice is a no-op,
 * as in oslo.config. Every option must have help text: the sample config is generated from it.
 *
 * @param <T> the Java type of the value
 */
public final class Opt<T> {
  /** How a secret value is shown in reports, errors and logs. */
  public static final String MASK = "****";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern GROUP = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

  /** The kinds of option. */
  public enum Kind {
    STRING,
    INTEGER,
    FLOAT,
    BOOLEAN,
    LIST,
    DICT,
    DURATION,
    ENUM,
    PORT,
    URL
  }

  private final Kind kind;
  private final ValueType<T> type;
  private final String group;
  private final String name;
  private final @Nullable T defaultValue;
  private final @Nullable String sampleDefault;
  private final String help;
  private final boolean secret;
  private final boolean passwordOnly;
  private final boolean ignored;
  private final boolean mutable;
  private final boolean required;
  private final @Nullable T min;
  private final @Nullable T max;
  private final List<T> choices;
  private final List<DeprecatedName> deprecatedNames;
  private final Key key;

  private Opt(Builder<T> b) {
    this.kind = b.kind;
    this.type = b.type;
    this.group = b.group;
    this.name = b.name;
    this.defaultValue = b.defaultValue;
    this.sampleDefault = b.sampleDefault;
    this.help = b.help;
    this.secret = b.secret;
    this.passwordOnly = b.passwordOnly;
    this.ignored = b.ignored;
    this.mutable = b.mutable;
    this.required = b.required;
    this.min = b.min;
    this.max = b.max;
    this.choices = List.copyOf(b.choices);
    this.deprecatedNames = List.copyOf(b.deprecatedNames);
    this.key = Key.of(group, name);
  }

  /** A free-form string option. */
  public static Builder<String> string(String name) {
    return new Builder<>(Kind.STRING, ValueType.STRING, name);
  }

  /** A 32-bit integer option; bounds with {@link Builder#min} and {@link Builder#max}. */
  public static Builder<Integer> integer(String name) {
    return new Builder<>(Kind.INTEGER, ValueType.INTEGER, name);
  }

  /** A floating-point option ({@code double}); bounds with min and max. */
  public static Builder<Double> floating(String name) {
    return new Builder<>(Kind.FLOAT, ValueType.FLOAT, name);
  }

  /**
   * A boolean option. Files and the environment accept {@code true/false}, {@code yes/no}, {@code
   * on/off} and {@code 1/0}; the command line takes {@code --flag}, {@code --noflag} or {@code
   * --flag=false}.
   */
  public static Builder<Boolean> bool(String name) {
    return new Builder<>(Kind.BOOLEAN, ValueType.BOOLEAN, name);
  }

  /**
   * A list of strings separated by commas or line breaks (so a file can put one item per
   * continuation line); items are trimmed and empty items dropped.
   */
  public static Builder<List<String>> list(String name) {
    return new Builder<>(Kind.LIST, ValueType.LIST, name);
  }

  /** Comma-separated {@code key:value} pairs, in the order written. */
  public static Builder<Map<String, String>> dict(String name) {
    return new Builder<>(Kind.DICT, ValueType.DICT, name);
  }

  /**
   * A duration. A plain number is seconds, as in the integer options oslo uses for intervals, so
   * {@code report_interval = 10} reads as in nova; Bosun also takes units ({@code 500ms}, {@code
   * 10s}, {@code 5m}, {@code 1h}, {@code 1d}) and ISO-8601 ({@code PT10S}).
   */
  public static Builder<Duration> duration(String name) {
    return new Builder<>(Kind.DURATION, ValueType.DURATION, name);
  }

  /** A string that must be one of {@code choices} (compared exactly, as oslo does). */
  public static Builder<String> choice(String name, String... choices) {
    if (choices.length == 0) {
      throw new IllegalArgumentException("choice option " + name + " needs at least one choice");
    }
    Builder<String> builder = new Builder<>(Kind.ENUM, ValueType.choice(), name);
    builder.choices.addAll(Arrays.asList(choices));
    return builder;
  }

  /** A TCP/UDP port, 0 to 65535; min and max may narrow it. */
  public static Builder<Integer> port(String name) {
    return new Builder<>(Kind.PORT, ValueType.PORT, name);
  }

  /**
   * An absolute URL such as {@code rabbit://user:pass@host:5672/} or {@code memory://}, kept as
   * text: it must have a scheme and parse as a {@link java.net.URI}, except that an empty authority
   * ({@code memory://}) is allowed, which {@code java.net.URI} rejects. oslo's multi-host transport
   * URLs ({@code rabbit://u:p@h1:5672,u:p@h2:5672/}) are accepted.
   */
  public static Builder<String> url(String name) {
    return new Builder<>(Kind.URL, ValueType.URL, name);
  }

  public Kind kind() {
    return kind;
  }

  /** The section the option lives in, {@code DEFAULT} unless set. */
  public String group() {
    return group;
  }

  public String name() {
    return name;
  }

  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** What the sample shows as the default when it differs from the real one (e.g. a host name). */
  public Optional<String> sampleDefault() {
    return Optional.ofNullable(sampleDefault);
  }

  public String help() {
    return help;
  }

  /**
   * A secret's value is shown as {@code ****} in reports, errors and logs; for a {@linkplain
   * Builder#secretPassword() URL whose password is the secret}, only the password is masked.
   */
  public boolean secret() {
    return secret;
  }

  /**
   * Whether Bosun reads, checks and then ignores this option: it is declared only so that a
   * configuration shared with oslo services loads. Shown as such by {@code bosun config show} and
   * in the sample.
   */
  public boolean ignored() {
    return ignored;
  }

  /** Whether only the password of this secret URL is masked. */
  boolean passwordOnly() {
    return passwordOnly;
  }

  /**
   * The value as reports, errors and logs show it: as written for an option that is not secret, the
   * URL with its password masked ({@link Secrets#maskUrl(String)}) for an option declared with
   * {@link Builder#secretPassword()}, else {@link #MASK}.
   *
   * @param text the value as written, e.g. from {@link #formatUntyped(Object)}
   */
  public String displayValue(String text) {
    if (!secret) {
      return text;
    }
    return passwordOnly ? Secrets.maskUrl(text) : MASK;
  }

  /** A mutable option takes a new value on {@link Config#reload()}; others need a restart. */
  public boolean mutable() {
    return mutable;
  }

  /** A required option must have a value (from a source or its default) or loading fails. */
  public boolean required() {
    return required;
  }

  public Optional<T> min() {
    return Optional.ofNullable(min);
  }

  public Optional<T> max() {
    return Optional.ofNullable(max);
  }

  /** The allowed values, or empty when any value of the type is allowed. */
  public List<T> choices() {
    return choices;
  }

  public List<DeprecatedName> deprecatedNames() {
    return deprecatedNames;
  }

  /** The value written as it would be in a config file, e.g. {@code 10} or {@code a,b}. */
  public String format(T value) {
    return type.format(Objects.requireNonNull(value, "value"));
  }

  /** The command-line spelling: {@code --name} in DEFAULT, {@code --group-name} otherwise. */
  public String commandLineName() {
    return commandLineName(group, name);
  }

  /**
   * The environment variable that sets this option: {@code <PREFIX>_<NAME>} in DEFAULT and {@code
   * <PREFIX>_<GROUP>__<NAME>} otherwise, upper case with {@code -} as {@code _}.
   */
  public String environmentVariable(String prefix) {
    return environmentVariable(prefix, group, name);
  }

  /** {@link #environmentVariable(String)} with the default prefix {@code BOSUN}. */
  public String environmentVariable() {
    return environmentVariable(Config.DEFAULT_ENV_PREFIX);
  }

  /** {@code [group] name}. */
  @Override
  public String toString() {
    return "[" + group + "] " + name;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Opt)) {
      return false;
    }
    Opt<?> other = (Opt<?>) o;
    return kind == other.kind
        && group.equals(other.group)
        && name.equals(other.name)
        && Objects.equals(defaultValue, other.defaultValue)
        && Objects.equals(sampleDefault, other.sampleDefault)
        && help.equals(other.help)
        && secret == other.secret
        && passwordOnly == other.passwordOnly
        && ignored == other.ignored
        && mutable == other.mutable
        && required == other.required
        && Objects.equals(min, other.min)
        && Objects.equals(max, other.max)
        && choices.equals(other.choices)
        && deprecatedNames.equals(other.deprecatedNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, group, name, defaultValue, help);
  }

  Key key() {
    return key;
  }

  ValueType<T> type() {
    return type;
  }

  String fileExample() {
    return "[" + group + "] " + name + " = ...";
  }

  /** {@link #format} for a value known only as an Object, e.g. from {@link Config#value}. */
  public String formatUntyped(Object value) {
    return format(type.cast(value, this));
  }

  /**
   * Reads {@code text} as a value of this option, checking bounds and choices, exactly as a value
   * from a config file is read. Public so that a component taking options as text from elsewhere (a
   * transport URL's query) validates them by the same declaration.
   *
   * @throws InvalidValueException naming {@code source}, the option, the text and what it expected
   */
  public T parse(String text, ValueSource source) {
    Optional<T> parsed = type.parse(text);
    if (parsed.isEmpty()) {
      throw new InvalidValueException(this, source, text, parseExpectation());
    }
    check(parsed.get(), source, text);
    return parsed.get();
  }

  /**
   * Checks a value set in code; same rules as text from a file.
   *
   * @return the value as this option's type
   * @throws InvalidValueException when it is outside the bounds or choices
   * @throws IllegalArgumentException when it is not of this option's type
   */
  public T check(Object value, ValueSource source) {
    T typed = type.cast(value, this);
    check(typed, source, format(typed));
    return typed;
  }

  private void check(T value, ValueSource source, String text) {
    if (!choices.isEmpty() && !choices.contains(value)) {
      throw new InvalidValueException(this, source, text, choicesText());
    }
    if (outOfRange(value)) {
      throw new InvalidValueException(this, source, text, rangeExpectation());
    }
  }

  @SuppressWarnings("unchecked")
  private boolean outOfRange(T value) {
    return (min != null && ((Comparable<T>) value).compareTo(min) < 0)
        || (max != null && ((Comparable<T>) value).compareTo(max) > 0);
  }

  private String parseExpectation() {
    if (!choices.isEmpty()) {
      return choicesText();
    }
    return min != null || max != null ? rangeExpectation() : type.expected;
  }

  String choicesText() {
    List<String> texts = new ArrayList<>();
    for (T choice : choices) {
      texts.add(type.format(choice));
    }
    return "one of: " + String.join(", ", texts);
  }

  private String rangeExpectation() {
    if (min != null && max != null) {
      return type.noun + " between " + type.formatBound(min) + " and " + type.formatBound(max);
    }
    return min != null
        ? type.noun + " >= " + type.formatBound(min)
        : type.noun + " <= " + type.formatBound(Objects.requireNonNull(max, "max"));
  }

  static String commandLineName(String group, String name) {
    String dashed = name.replace('_', '-');
    return Key.of(group, name).isDefaultGroup()
        ? "--" + dashed
        : "--" + group.toLowerCase(Locale.ROOT).replace('_', '-') + "-" + dashed;
  }

  static String environmentVariable(String prefix, String group, String name) {
    String upperName = name.toUpperCase(Locale.ROOT).replace('-', '_');
    return Key.of(group, name).isDefaultGroup()
        ? prefix + "_" + upperName
        : prefix
            + "_"
            + group.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_')
            + "__"
            + upperName;
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "option name must be lower case letters, digits and _ starting with a letter, found '"
              + name
              + "'");
    }
    return name;
  }

  static String checkGroup(String group) {
    Objects.requireNonNull(group, "group");
    if (!GROUP.matcher(group).matches()) {
      throw new IllegalArgumentException(
          "group must be letters, digits, _, . and - starting with a letter, found '"
              + group
              + "'");
    }
    return group;
  }

  /**
   * Builds an {@link Opt}. Not thread-safe; build once, usually into a {@code static final}.
   *
   * @param <T> the Java type of the value
   */
  public static final class Builder<T> {
    private final Kind kind;
    private final ValueType<T> type;
    private final String name;
    private String group = Key.DEFAULT_GROUP;
    private @Nullable T defaultValue;
    private @Nullable String sampleDefault;
    private String help = "";
    private boolean secret;
    private boolean passwordOnly;
    private boolean ignored;
    private boolean mutable;
    private boolean required;
    private @Nullable T min;
    private @Nullable T max;
    private final List<T> choices = new ArrayList<>();
    private final List<DeprecatedName> deprecatedNames = new ArrayList<>();

    private Builder(Kind kind, ValueType<T> type, String name) {
      this.kind = kind;
      this.type = type;
      this.name = checkName(name);
    }

    /** The section, {@code DEFAULT} unless set; e.g. {@code database}. */
    public Builder<T> group(String group) {
      this.group = checkGroup(group);
      return this;
    }

    public Builder<T> defaultValue(T value) {
      this.defaultValue = Objects.requireNonNull(value, "defaultValue");
      return this;
    }

    /** The default as shown in the sample, when the real one depends on the machine. */
    public Builder<T> sampleDefault(String text) {
      this.sampleDefault = Objects.requireNonNull(text, "sampleDefault");
      return this;
    }

    /** What the option does, for operators; plain sentences, wrapped by the sample generator. */
    public Builder<T> help(String help) {
      this.help = Objects.requireNonNull(help, "help").strip();
      return this;
    }

    public Builder<T> secret() {
      this.secret = true;
      return this;
    }

    /**
     * A secret URL whose password is the secret (a transport URL, a JDBC URL): reports, errors and
     * logs show it with only the password masked, {@code rabbit://guest:***@host:5672/}, so that
     * {@code memory://} or a host name is shown as it is. Implies {@link #secret()}.
     */
    public Builder<T> secretPassword() {
      this.secret = true;
      this.passwordOnly = true;
      return this;
    }

    /**
     * Bosun reads and checks this option but it has no effect: it is declared for compatibility, so
     * that a configuration file shared with oslo services loads without warnings.
     */
    public Builder<T> ignored() {
      this.ignored = true;
      return this;
    }

    public Builder<T> mutable() {
      this.mutable = true;
      return this;
    }

    public Builder<T> required() {
      this.required = true;
      return this;
    }

    /** The smallest allowed value; integer, float, port and duration options only. */
    public Builder<T> min(T min) {
      requireOrdered("min");
      this.min = Objects.requireNonNull(min, "min");
      return this;
    }

    /** The largest allowed value; integer, float, port and duration options only. */
    public Builder<T> max(T max) {
      requireOrdered("max");
      this.max = Objects.requireNonNull(max, "max");
      return this;
    }

    /** Restricts the value to these; string, integer and port options (enum options have them). */
    @SafeVarargs
    public final Builder<T> choices(T... choices) {
      if (kind != Kind.STRING && kind != Kind.INTEGER && kind != Kind.PORT && kind != Kind.ENUM) {
        throw new IllegalArgumentException(
            "choices are not supported for " + kind + " option " + name);
      }
      if (choices.length == 0) {
        throw new IllegalArgumentException("choices for " + name + " must not be empty");
      }
      this.choices.clear();
      for (T choice : choices) {
        this.choices.add(Objects.requireNonNull(choice, "choice"));
      }
      return this;
    }

    /** An old name in the same group. */
    public Builder<T> deprecatedName(String oldName) {
      deprecatedNames.add(new DeprecatedName(group, oldName));
      return this;
    }

    /** An old name in another (or the same) group. */
    public Builder<T> deprecatedName(String oldGroup, String oldName) {
      deprecatedNames.add(new DeprecatedName(oldGroup, oldName));
      return this;
    }

    /**
     * The option.
     *
     * @throws IllegalArgumentException when help is missing, min exceeds max, or the default is
     *     outside the bounds or choices
     */
    public Opt<T> build() {
      if (help.isEmpty()) {
        throw new IllegalArgumentException("option " + name + " needs help text");
      }
      Opt<T> opt = new Opt<>(this);
      if (min != null && max != null && opt.outOfRangeBounds()) {
        throw new IllegalArgumentException(
            opt
                + ": min "
                + type.formatBound(min)
                + " is greater than max "
                + type.formatBound(max));
      }
      if (defaultValue != null) {
        try {
          opt.check(defaultValue, new ValueSource.Default());
        } catch (InvalidValueException e) {
          throw new IllegalArgumentException("bad default for " + e.getMessage(), e);
        }
      }
      return opt;
    }

    private void requireOrdered(String what) {
      if (kind != Kind.INTEGER
          && kind != Kind.FLOAT
          && kind != Kind.PORT
          && kind != Kind.DURATION) {
        throw new IllegalArgumentException(
            what + " is not supported for " + kind + " option " + name);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private boolean outOfRangeBounds() {
    return ((Comparable<T>) Objects.requireNonNull(min, "min"))
            .compareTo(Objects.requireNonNull(max, "max"))
        > 0;
  }
}
