package dev.bosun.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Typed configuration in the manner of oslo.config: options declared in code ({@link Opt}), values
 * from INI files, the environment and the command line, reload of mutable options, a generated
 * sample file, and a report of every effective value with its source.
 *
 * <h2>Sources, weakest first</h2>
 *
 * <ol>
 *   <li>the option's default;
 *   <li>INI config files: each {@code --config-file} and each {@code --config-dir} (its {@code
 *       *.conf} files in name order) in the order given on the command line, as oslo does; a later
 *       file wins. With neither on the command line, the existing files among {@link
 *       Builder#defaultConfigFiles(List)} are read. See {@link IniFile} for the dialect;
 *   <li>the environment: {@code BOSUN_<NAME>} for options in {@code DEFAULT} and {@code
 *       BOSUN_<GROUP>__<NAME>} (two underscores) for the others, upper case, with {@code -} and
 *       {@code .} written as {@code _}; e.g. {@code BOSUN_REPORT_INTERVAL=5}, {@code
 *       BOSUN_DATABASE__CONNECTION=jdbc:h2:mem:x}. The prefix can be changed with {@link
 *       Builder#envPrefix(String)}. Variables with the prefix that match no option are ignored
 *       (other tools share the prefix, e.g. {@code BOSUN_THREADS}). oslo.config has no environment
 *       source for options; this is a Bosun addition;
 *   <li>the command line: {@code --name value}, {@code --name=value}, {@code --group-name value}
 *       for options of a group ({@code _} may be written {@code -}); booleans as {@code --flag},
 *       {@code --noflag} ({@code --group-noflag}), {@code --flag=false} or {@code --flag false}.
 *       Unlike oslo, every registered option can be set on the command line;
 *   <li>values set in code with {@link #set(Opt, Object)} (oslo's {@code set_override}).
 * </ol>
 *
 * <h2>Secrets</h2>
 *
 * Every {@linkplain Opt#secret() secret} option {@code name} has a companion {@code name_file} in
 * each source above ({@code transport_url_file = /run/secrets/url}, {@code
 * BOSUN_TRANSPORT_URL_FILE}, {@code --transport-url-file}) that names a file holding the value; the
 * file must be readable by its owner only, and one trailing line break is dropped. Setting both in
 * one source is an error. A secret given on the command line, where every local user can read it,
 * is a warning naming the option. A config file or directory that every user may write to is
 * refused.
 *
 * <p>Deprecated names are looked up in every source; within one source the current name wins, and
 * using an old name logs a warning naming the new one.
 *
 * <h2>Errors</h2>
 *
 * Loading collects every problem (bad values, bad lines, missing files, unknown command-line
 * options, required options without a value) and throws one {@link ConfigLoadException} listing
 * them all. An unknown option or section in a file is not an error: {@link #warnUnknown()} logs a
 * warning for each, with the nearest known name.
 *
 * <h2>Threads</h2>
 *
 * All methods may be called from any thread. Reads ({@link #get}, {@link #find}, {@link #value},
 * {@link #effectiveValues()}) take no lock: they read one immutable snapshot, so a read during a
 * {@link #reload()} sees the old values or the new ones, never a mix within one call. Changes
 * (reload, register, set, clearOverride) are serialised; listeners run on the changing thread,
 * inside that serialisation, after the new snapshot is visible.
 *
 * <h2>Registering late</h2>
 *
 * Modules may register their options after {@link Builder#build()}: values for them are resolved
 * from the files and environment already read (values for unknown options are kept for this). The
 * command line, however, is parsed at build time, so an option that should be settable on the
 * command line must be registered on the builder.
 */
public interface Config {
  /** The default prefix of environment variables. */
  String DEFAULT_ENV_PREFIX = "BOSUN";

  static Builder builder() {
    return new Builder();
  }

  /**
   * The option's value, or its default.
   *
   * @throws MissingValueException when it has neither
   * @throws ConfigException when the option is not registered
   */
  <T> T get(Opt<T> opt);

  /**
   * The option's value or default; empty when it has neither.
   *
   * @throws ConfigException when the option is not registered
   */
  <T> Optional<T> find(Opt<T> opt);

  /** The registered option with this group and name (a deprecated name does not match). */
  Optional<Opt<?>> option(String group, String name);

  /** The value or default of the option with this group and name, for lookups by name. */
  Optional<Object> value(String group, String name);

  /** Every registered option, DEFAULT first, then by group and name. */
  List<Opt<?>> options();

  /**
   * Registers options after build and resolves their values from the sources already read.
   * Registering an equal option again is a no-op.
   *
   * @throws ConfigException when a different option with the same group and name is registered
   * @throws ConfigLoadException when the sources hold bad values for them or a required one has
   *     none; then none of them is registered
   */
  Config register(Opt<?>... opts);

  /** {@link #register(Opt[])} for a collection. */
  Config register(Iterable<? extends Opt<?>> opts);

  /** Registers a group's options and keeps its help for the sample. */
  Config register(OptionGroup group);

  /**
   * Sets a value in code, above every source (oslo's {@code set_override}); it survives reloads and
   * shows as source {@code override}. Listeners are told when the value changes. Works for options
   * that are not mutable too: the caller decides.
   *
   * @throws InvalidValueException when the value is outside the option's bounds or choices
   * @throws IllegalArgumentException when the value is not of the option's type
   */
  <T> void set(Opt<T> opt, T value);

  /**
   * Removes a value set with {@link #set}; the option takes its value from the sources again.
   *
   * @throws ConfigLoadException when the sources hold a bad value for it; the override stays
   */
  void clearOverride(Opt<?> opt);

  /**
   * Re-reads every source (the same files and directories, whose {@code *.conf} files are listed
   * again, the same environment map and arguments), applies the changed values of {@linkplain
   * Opt#mutable() mutable} options, logs a warning for each other option that changed (it keeps its
   * old value until a restart), then tells the listeners what was applied. When the sources now
   * have errors nothing changes, the errors are logged and returned: a bad edit does not take a
   * running service down. This is what SIGHUP does (oslo's {@code mutate_config_files}).
   */
  ReloadResult reload();

  void addListener(ConfigListener listener);

  void removeListener(ConfigListener listener);

  /**
   * Logs a warning for every option and section in the files read that matches no registered
   * option, with the nearest known name, and returns the warnings. Call it once all modules have
   * registered their options. Options in an {@linkplain OptionGroup#open() open} section are not
   * warned about, whatever their name (they are registered on demand); a section name near an open
   * section's is, with the open section suggested.
   */
  List<String> warnUnknown();

  /** The config files read by the last successful load or reload, in the order read. */
  List<Path> configFiles();

  /** Every registered option's effective value and source, in {@link #options()} order. */
  List<EffectiveValue> effectiveValues();

  /** A commented sample config of every registered option; see {@link #sample(Iterable)}. */
  String sample();

  /**
   * A commented sample config in the oslo-config-generator format: sections {@code [DEFAULT]}
   * first, then by name; in each, the options by name, each with its help wrapped at 78 columns,
   * type, bounds, choices, flags and deprecated names, and the option line commented out with its
   * default ({@code #report_interval = 10}).
   */
  static String sample(Iterable<? extends Opt<?>> opts) {
    List<Opt<?>> list = new ArrayList<>();
    opts.forEach(list::add);
    return SampleWriter.write(list, Map.of());
  }

  /** {@link #sample(Iterable)} with section help from the groups. */
  static String sample(List<OptionGroup> groups, Iterable<? extends Opt<?>> opts) {
    List<Opt<?>> list = new ArrayList<>();
    Map<String, String> help = new LinkedHashMap<>();
    for (OptionGroup group : groups) {
      list.addAll(group.options());
      help.put(Key.normalize(group.name()), group.help());
    }
    opts.forEach(list::add);
    return SampleWriter.write(list, help);
  }

  /**
   * The command-line spellings of the groups' options, for a program's {@code --help}: {@code
   * --config-file}, {@code --config-dir}, then per option its spellings ({@code --name VALUE},
   * {@code --group-name VALUE}, {@code --flag, --noflag}), help, type, bounds, choices and default,
   * wrapped at {@code width}. Generated from the declarations that {@link Builder#args(List)}
   * parses with, so the two cannot drift apart.
   */
  static String commandLineHelp(List<OptionGroup> groups, int width) {
    List<Opt<?>> opts = new ArrayList<>();
    for (OptionGroup group : groups) {
      opts.addAll(group.options());
    }
    return CommandLine.describe(opts, width);
  }

  /** The effective values as a text table; see {@link EffectiveValue#renderTable(List)}. */
  default String renderTable() {
    return EffectiveValue.renderTable(effectiveValues());
  }

  /** Collects options and sources, then {@link #build()} loads. Not thread-safe. */
  final class Builder {
    private static final Pattern PREFIX = Pattern.compile("[A-Z][A-Z0-9_]*");

    final Registry registry = new Registry();
    List<String> args = List.of();
    @Nullable Map<String, String> environment;
    String envPrefix = DEFAULT_ENV_PREFIX;
    List<Path> defaultConfigFiles = List.of();

    Builder() {}

    /**
     * Registers options.
     *
     * @throws ConfigException when a different option with the same group and name is registered
     */
    public Builder register(Opt<?>... opts) {
      return register(List.of(opts));
    }

    public Builder register(Iterable<? extends Opt<?>> opts) {
      List<Opt<?>> list = new ArrayList<>();
      opts.forEach(list::add);
      registry.addAll(registry.fresh(list));
      return this;
    }

    public Builder register(OptionGroup group) {
      register(group.options());
      registry.addGroup(group);
      return this;
    }

    /** The command-line arguments: {@code --config-file}, {@code --config-dir} and options. */
    public Builder args(List<String> args) {
      this.args = List.copyOf(args);
      return this;
    }

    /**
     * The environment; {@link System#getenv()} when not set. The map is read again on each {@link
     * Config#reload()}.
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /** The prefix of environment variables, {@code BOSUN} unless set; upper case. */
    public Builder envPrefix(String prefix) {
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "envPrefix must be upper case letters, digits and _, found '" + prefix + "'");
      }
      this.envPrefix = prefix;
      return this;
    }

    /**
     * Files to read when the command line names no {@code --config-file} or {@code --config-dir};
     * those that do not exist are skipped (like oslo's {@code default_config_files}, e.g. {@code
     * /etc/bosun/bosun.conf}).
     */
    public Builder defaultConfigFiles(List<Path> files) {
      this.defaultConfigFiles = List.copyOf(files);
      return this;
    }

    /**
     * Reads every source and resolves every registered option.
     *
     * @throws ConfigLoadException listing every problem found
     */
    public Config build() {
      return DefaultConfig.load(this);
    }
  }
}
