package dev.bosun.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Config} implementation. Reads go to {@link #snapshot}, an immutable map published
 * through a volatile field; every change runs under {@link #lock} and publishes a new snapshot.
 */
final class DefaultConfig implements Config {
  private static final Logger LOG = LoggerFactory.getLogger(Config.class);
  private static final ValueSource DEFAULT = new ValueSource.Default();
  private static final ValueSource OVERRIDDEN = new ValueSource.Overridden();

  /** One option's value (null when it has none) and its source. */
  private record Resolved(Opt<?> opt, @Nullable Object value, ValueSource source) {
    String display() {
      if (value == null) {
        return "<None>";
      }
      String shown = opt.displayValue(opt.formatUntyped(value));
      return shown.equals(Opt.MASK) && opt.secret() ? Opt.MASK : "'" + shown + "'";
    }
  }

  private record Snapshot(Map<Key, Resolved> values, List<Path> files) {}

  private final Object lock = new Object();
  private final String envPrefix;
  private final Map<String, String> environment;
  private final List<Sources.PathSpec> paths;
  private final Map<Key, Sources.Raw> commandLine;
  private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();

  // Guarded by lock.
  private final Registry registry;
  private final Map<Key, Object> overrides = new HashMap<>();
  private final Set<String> loggedDeprecations = new HashSet<>();
  private Sources sources;

  private volatile Snapshot snapshot;

  private DefaultConfig(
      Config.Builder builder,
      Registry registry,
      Map<String, String> environment,
      List<Sources.PathSpec> paths,
      Map<Key, Sources.Raw> commandLine,
      Sources sources,
      Map<Key, Resolved> values) {
    this.envPrefix = builder.envPrefix;
    this.environment = environment;
    this.paths = paths;
    this.commandLine = commandLine;
    this.registry = registry;
    this.sources = sources;
    this.snapshot = new Snapshot(Map.copyOf(values), sources.paths());
  }

  static Config load(Config.Builder builder) {
    List<ConfigException> problems = new ArrayList<>();
    Registry registry = builder.registry.copy();
    CommandLine.Parsed parsed =
        CommandLine.parse(builder.args, registry.options.values(), problems);
    List<Sources.PathSpec> paths = parsed.paths();
    if (paths.isEmpty()) {
      List<Sources.PathSpec> defaults = new ArrayList<>();
      for (Path file : builder.defaultConfigFiles) {
        defaults.add(new Sources.PathSpec(file, false, true));
      }
      paths = List.copyOf(defaults);
    }
    Map<String, String> environment =
        builder.environment != null ? builder.environment : System.getenv();
    Sources sources =
        Sources.read(paths, parsed.values(), environment, builder.envPrefix, problems);
    List<String> deprecations = new ArrayList<>();
    Map<Key, Resolved> values = new LinkedHashMap<>();
    for (Opt<?> opt : registry.options.values()) {
      Resolved resolved =
          resolve(opt, sources, Map.of(), problems, deprecations, builder.envPrefix);
      if (resolved != null) {
        values.put(opt.key(), resolved);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigLoadException(
          problems,
          UnknownOptions.find(registry.options.values(), registry.openGroups, sources.iniFiles));
    }
    DefaultConfig config =
        new DefaultConfig(builder, registry, environment, paths, parsed.values(), sources, values);
    synchronized (config.lock) {
      config.logDeprecations(deprecations);
    }
    warnOfSecretsOnTheCommandLine(parsed.values(), registry, builder.envPrefix);
    LOG.debug("Configuration loaded from {} with {} options", sources.paths(), values.size());
    return config;
  }

  /**
   * The option's value from the strongest source that has it, its default, or null when there is
   * none; adds bad values and missing required values to {@code problems} (returning null).
   */
  private static @Nullable Resolved resolve(
      Opt<?> opt,
      Sources sources,
      Map<Key, Object> overrides,
      List<ConfigException> problems,
      List<String> deprecations,
      String envPrefix) {
    if (overrides.containsKey(opt.key())) {
      return new Resolved(opt, overrides.get(opt.key()), OVERRIDDEN);
    }
    List<Map<Key, Sources.Raw>> layers = new ArrayList<>();
    layers.add(sources.commandLine);
    layers.add(sources.environment);
    for (int i = sources.files.size() - 1; i >= 0; i--) {
      layers.add(sources.files.get(i));
    }
    for (Map<Key, Sources.Raw> layer : layers) {
      Sources.Raw raw = layer.get(opt.key());
      if (raw == null) {
        for (DeprecatedName old : opt.deprecatedNames()) {
          raw = layer.get(Key.of(old.group(), old.name()));
          if (raw != null) {
            deprecations.add(
                raw.source().location() + ": " + old + " is deprecated; use " + opt + " instead");
            break;
          }
        }
      }
      Sources.Raw fileRaw = opt.secret() ? layer.get(SecretFiles.fileKey(opt)) : null;
      if (fileRaw != null) {
        if (raw != null) {
          problems.add(
              new ConfigException(
                  raw.source().location()
                      + " and "
                      + fileRaw.source().location()
                      + ": "
                      + opt
                      + " is set both directly and through "
                      + opt.name()
                      + SecretFiles.SUFFIX
                      + "; set one of them"));
          return null;
        }
        try {
          Path path = Path.of(fileRaw.text());
          raw =
              new Sources.Raw(
                  SecretFiles.read(opt, path, fileRaw.source()),
                  new ValueSource.SecretFile(path, fileRaw.source()));
        } catch (ConfigException e) {
          problems.add(e);
          return null;
        } catch (IllegalArgumentException e) { // InvalidPathException
          problems.add(
              new ConfigException(
                  fileRaw.source().location()
                      + ": "
                      + opt.name()
                      + SecretFiles.SUFFIX
                      + " = '"
                      + fileRaw.text()
                      + "' is not a path: "
                      + e.getMessage()));
          return null;
        }
      }
      if (raw != null) {
        try {
          return new Resolved(opt, opt.parse(raw.text(), raw.source()), raw.source());
        } catch (InvalidValueException e) {
          problems.add(e);
          return null;
        }
      }
    }
    Object value = opt.defaultValue().orElse(null);
    if (value == null && opt.required()) {
      problems.add(new MissingValueException(opt, "is required but has no value", envPrefix));
      return null;
    }
    return new Resolved(opt, value, DEFAULT);
  }

  /**
   * One warning for each secret option whose value, with a password or key in it, is given on the
   * command line, where every local user can read it ({@code ps}, {@code /proc/PID/cmdline}); it
   * names the option and the safer forms, never the value.
   */
  private static void warnOfSecretsOnTheCommandLine(
      Map<Key, Sources.Raw> commandLine, Registry registry, String envPrefix) {
    for (Map.Entry<Key, Sources.Raw> entry : commandLine.entrySet()) {
      Opt<?> opt = registry.options.get(entry.getKey());
      if (opt != null && opt.secret() && SecretFiles.holdsSecret(entry.getValue().text())) {
        LOG.warn(
            "{} on the command line holds a secret that every local user can read (ps); set {}"
                + " in the environment ({}), in a config file only you can read, or in a file"
                + " named by {}{} (mode 0600)",
            ((ValueSource.CommandLine) entry.getValue().source()).argument(),
            opt,
            opt.environmentVariable(envPrefix),
            opt.commandLineName(),
            SecretFiles.SUFFIX.replace('_', '-'));
      }
    }
  }

  private void logDeprecations(List<String> deprecations) {
    for (String message : deprecations) {
      if (loggedDeprecations.add(message)) {
        LOG.warn(message);
      }
    }
  }

  private Resolved resolved(Opt<?> opt) {
    Resolved resolved = snapshot.values().get(opt.key());
    if (resolved == null) {
      throw new ConfigException(
          "option "
              + opt
              + " is not registered; register it with"
              + " Config.register(...) before reading it");
    }
    if (!resolved.opt().equals(opt)) {
      throw new ConfigException(
          "option "
              + opt
              + " is registered with other attributes;"
              + " read it through the Opt that was registered");
    }
    return resolved;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Opt<T> opt) {
    Resolved resolved = resolved(opt);
    if (resolved.value() == null) {
      throw new MissingValueException(opt, "has no value and no default", envPrefix);
    }
    return (T) resolved.value();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(Opt<T> opt) {
    return Optional.ofNullable((T) resolved(opt).value());
  }

  @Override
  public Optional<Opt<?>> option(String group, String name) {
    return Optional.ofNullable(snapshot.values().get(Key.of(group, name))).map(Resolved::opt);
  }

  @Override
  public Optional<Object> value(String group, String name) {
    return Optional.ofNullable(snapshot.values().get(Key.of(group, name))).map(Resolved::value);
  }

  @Override
  public List<Opt<?>> options() {
    List<Opt<?>> opts = new ArrayList<>();
    for (Resolved resolved : snapshot.values().values()) {
      opts.add(resolved.opt());
    }
    opts.sort(SampleWriter.ORDER);
    return List.copyOf(opts);
  }

  @Override
  public Config register(Opt<?>... opts) {
    return register(List.of(opts));
  }

  @Override
  public Config register(Iterable<? extends Opt<?>> opts) {
    List<Opt<?>> list = new ArrayList<>();
    opts.forEach(list::add);
    synchronized (lock) {
      List<Opt<?>> fresh = registry.fresh(list);
      if (fresh.isEmpty()) {
        return this;
      }
      List<ConfigException> problems = new ArrayList<>();
      List<String> deprecations = new ArrayList<>();
      Map<Key, Resolved> next = new LinkedHashMap<>(snapshot.values());
      for (Opt<?> opt : fresh) {
        Resolved resolved = resolve(opt, sources, overrides, problems, deprecations, envPrefix);
        if (resolved != null) {
          next.put(opt.key(), resolved);
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigLoadException(problems);
      }
      registry.addAll(fresh);
      snapshot = new Snapshot(Map.copyOf(next), snapshot.files());
      logDeprecations(deprecations);
    }
    return this;
  }

  @Override
  public Config register(OptionGroup group) {
    synchronized (lock) {
      register(group.options());
      registry.addGroup(group);
    }
    return this;
  }

  @Override
  public <T> void set(Opt<T> opt, T value) {
    synchronized (lock) {
      Resolved current = resolved(opt);
      T checked = opt.check(value, OVERRIDDEN);
      overrides.put(opt.key(), checked);
      publish(new Resolved(opt, checked, OVERRIDDEN));
      if (!Objects.equals(current.value(), checked)) {
        LOG.info("{} set in code to {} (was {})", opt, resolved(opt).display(), current.display());
        notifyListeners(Set.of(opt));
      }
    }
  }

  @Override
  public void clearOverride(Opt<?> opt) {
    synchronized (lock) {
      Resolved current = resolved(opt);
      if (!overrides.containsKey(opt.key())) {
        return;
      }
      List<ConfigException> problems = new ArrayList<>();
      List<String> deprecations = new ArrayList<>();
      Resolved resolvedNext = resolve(opt, sources, Map.of(), problems, deprecations, envPrefix);
      if (!problems.isEmpty()) {
        throw new ConfigLoadException(problems);
      }
      Resolved next = Objects.requireNonNull(resolvedNext, "null only with a problem");
      overrides.remove(opt.key());
      publish(next);
      logDeprecations(deprecations);
      if (!Objects.equals(current.value(), next.value())) {
        notifyListeners(Set.of(opt));
      }
    }
  }

  private void publish(Resolved resolved) {
    Map<Key, Resolved> next = new HashMap<>(snapshot.values());
    next.put(resolved.opt().key(), resolved);
    snapshot = new Snapshot(Map.copyOf(next), snapshot.files());
  }

  @Override
  public ReloadResult reload() {
    synchronized (lock) {
      List<ConfigException> problems = new ArrayList<>();
      List<String> deprecations = new ArrayList<>();
      Sources fresh = Sources.read(paths, commandLine, environment, envPrefix, problems);
      Map<Key, Resolved> reread = new LinkedHashMap<>();
      for (Opt<?> opt : registry.options.values()) {
        Resolved resolved = resolve(opt, fresh, overrides, problems, deprecations, envPrefix);
        if (resolved != null) {
          reread.put(opt.key(), resolved);
        }
      }
      if (!problems.isEmpty()) {
        StringBuilder text = new StringBuilder();
        problems.forEach(p -> text.append("\n  ").append(p.getMessage()));
        LOG.error(
            "Configuration reload found {} problem(s); the running configuration is"
                + " unchanged until they are fixed and the service is reloaded again:{}",
            problems.size(),
            text);
        return new ReloadResult(Set.of(), Set.of(), problems);
      }
      Map<Key, Resolved> current = snapshot.values();
      Map<Key, Resolved> next = new HashMap<>(current);
      Set<Opt<?>> applied = new LinkedHashSet<>();
      Set<Opt<?>> needsRestart = new LinkedHashSet<>();
      for (Resolved now : reread.values()) {
        // every option read again was registered, so it has a value in the current snapshot
        Resolved before = Objects.requireNonNull(current.get(now.opt().key()));
        if (Objects.equals(before.value(), now.value())) {
          next.put(now.opt().key(), now);
        } else if (now.opt().mutable()) {
          next.put(now.opt().key(), now);
          applied.add(now.opt());
          LOG.info(
              "{} changed from {} to {} ({})",
              now.opt(),
              before.display(),
              now.display(),
              now.source());
        } else {
          needsRestart.add(now.opt());
          LOG.warn(
              "{} changed from {} to {} ({}) but is not mutable: it needs a restart to take"
                  + " effect; keeping {} until then",
              now.opt(),
              before.display(),
              now.display(),
              now.source(),
              before.display());
        }
      }
      sources = fresh;
      snapshot = new Snapshot(Map.copyOf(next), fresh.paths());
      logDeprecations(deprecations);
      if (!applied.isEmpty()) {
        notifyListeners(applied);
      }
      return new ReloadResult(applied, needsRestart, List.of());
    }
  }

  private void notifyListeners(Set<Opt<?>> changed) {
    Set<Opt<?>> view = Collections.unmodifiableSet(new LinkedHashSet<>(changed));
    for (ConfigListener listener : listeners) {
      try {
        listener.changed(view);
      } catch (RuntimeException e) {
        LOG.error(
            "Config listener {} failed when told of changes to {}; the other listeners"
                + " were still told",
            listener,
            view,
            e);
      }
    }
  }

  @Override
  public void addListener(ConfigListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(ConfigListener listener) {
    listeners.remove(listener);
  }

  @Override
  public List<String> warnUnknown() {
    List<String> warnings;
    synchronized (lock) {
      warnings =
          UnknownOptions.find(registry.options.values(), registry.openGroups, sources.iniFiles);
    }
    for (String warning : warnings) {
      LOG.warn(warning);
    }
    return warnings;
  }

  @Override
  public List<Path> configFiles() {
    return snapshot.files();
  }

  @Override
  public List<EffectiveValue> effectiveValues() {
    Map<Key, Resolved> values = snapshot.values();
    List<EffectiveValue> result = new ArrayList<>();
    for (Resolved resolved : values.values()) {
      Optional<String> text =
          resolved.value() == null
              ? Optional.empty()
              : Optional.of(
                  resolved.opt().displayValue(resolved.opt().formatUntyped(resolved.value())));
      result.add(new EffectiveValue(resolved.opt(), text, resolved.source()));
    }
    result.sort((a, b) -> SampleWriter.ORDER.compare(a.option(), b.option()));
    return List.copyOf(result);
  }

  @Override
  public String sample() {
    Map<String, String> help;
    synchronized (lock) {
      help = Map.copyOf(registry.groupHelp);
    }
    return SampleWriter.write(options(), help);
  }

  @Override
  public String toString() {
    return "Config" + snapshot.files();
  }
}
