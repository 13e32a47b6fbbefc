package dev.bosun.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered options, section help and open sections. Not thread-safe: guarded by its owner.
 */
final class Registry {
  final Map<Key, Opt<?>> options = new LinkedHashMap<>();
  final Map<String, String> groupHelp = new HashMap<>();

  /** The {@linkplain OptionGroup#open() open} sections: normalized name to the name as declared. */
  final Map<String, String> openGroups = new HashMap<>();

  Registry copy() {
    Registry copy = new Registry();
    copy.options.putAll(options);
    copy.groupHelp.putAll(groupHelp);
    copy.openGroups.putAll(openGroups);
    return copy;
  }

  /**
   * The options of {@code opts} not registered yet, without duplicates.
   *
   * @throws ConfigException when one clashes with a different registered option
   */
  List<Opt<?>> fresh(List<Opt<?>> opts) {
    Map<Key, Opt<?>> seen = new LinkedHashMap<>();
    for (Opt<?> opt : opts) {
      Opt<?> existing =
          options.containsKey(opt.key()) ? options.get(opt.key()) : seen.get(opt.key());
      if (existing != null && !existing.equals(opt)) {
        throw new ConfigException(
            "option "
                + opt
                + " is registered twice with different"
                + " attributes ("
                + describe(existing)
                + " and "
                + describe(opt)
                + "); give one of them another name or group");
      }
      if (existing == null) {
        seen.put(opt.key(), opt);
      }
    }
    return new ArrayList<>(seen.values());
  }

  /** Keeps the group's help, and its name when it is open (once open, a section stays open). */
  void addGroup(OptionGroup group) {
    groupHelp.put(Key.normalize(group.name()), group.help());
    if (group.open()) {
      openGroups.putIfAbsent(Key.normalize(group.name()), group.name());
    }
  }

  void addAll(List<Opt<?>> opts) {
    for (Opt<?> opt : opts) {
      options.put(opt.key(), opt);
    }
  }

  private static String describe(Opt<?> opt) {
    return opt.kind().toString().toLowerCase(java.util.Locale.ROOT)
        + opt.defaultValue().map(d -> " default " + opt.formatUntyped(d)).orElse("");
  }
}
