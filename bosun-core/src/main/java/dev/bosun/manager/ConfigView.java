package dev.bosun.manager;

import dev.bosun.config.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a manager (and its periodic tasks and drivers) may read of the configuration: current values
 * by option name, and a masked copy for reports. The configuration package provides the real
 * implementation; {@link #of(Map, Set)} is a small fixed one.
 *
 * <p>Values are read on every call, so after a reload (SIGHUP) callers see new values of mutable
 * options. Implementations are thread-safe.
 */
public interface ConfigView {

  /** The current value of option {@code name} as text, if it is set or has a default. */
  Optional<String> value(String name);

  /**
   * The current value of option {@code name} as a duration ({@link Durations#parse} syntax).
   *
   * @throws IllegalArgumentException if the value is not a duration
   */
  default Optional<Duration> duration(String name) {
    return value(name).map(Durations::parse);
  }

  /** Every option with its value, secrets replaced by {@code ***}, sorted by name. */
  Map<String, String> masked();

  /**
   * A live view of {@code config}: {@code name} is an option of the {@code DEFAULT} group, or
   * {@code group.name} for another group; values are read at each call, so a reload shows.
   */
  static ConfigView of(dev.bosun.config.Config config) {
    return new ConfigView() {
      @Override
      public Optional<String> value(String name) {
        int dot = name.indexOf('.');
        String group = dot < 0 ? "DEFAULT" : name.substring(0, dot);
        String option = dot < 0 ? name : name.substring(dot + 1);
        return config
            .option(group, option)
            .flatMap(opt -> config.value(group, option).map(opt::formatUntyped));
      }

      @Override
      public Map<String, String> masked() {
        Map<String, String> masked = new TreeMap<>();
        for (dev.bosun.config.EffectiveValue value : config.effectiveValues()) {
          String key =
              "DEFAULT".equals(value.group()) ? value.name() : value.group() + "." + value.name();
          masked.put(key, value.value().orElse("<None>"));
        }
        return Collections.unmodifiableMap(masked);
      }

      @Override
      public String toString() {
        return "ConfigView" + masked();
      }
    };
  }

  /** A view with no options. */
  static ConfigView empty() {
    return of(Map.of(), Set.of());
  }

  /**
   * A fixed view over {@code values}; the options named in {@code secrets} are masked in {@link
   * #masked()}.
   */
  static ConfigView of(Map<String, String> values, Set<String> secrets) {
    Map<String, String> copy = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    Set<String> secretNames = Set.copyOf(secrets);
    return new ConfigView() {
      @Override
      public Optional<String> value(String name) {
        return Optional.ofNullable(copy.get(name));
      }

      @Override
      public Map<String, String> masked() {
        Map<String, String> masked = new TreeMap<>();
        copy.forEach((key, value) -> masked.put(key, secretNames.contains(key) ? "***" : value));
        return Collections.unmodifiableMap(masked);
      }

      @Override
      public String toString() {
        return "ConfigView" + masked();
      }
    };
  }
}
