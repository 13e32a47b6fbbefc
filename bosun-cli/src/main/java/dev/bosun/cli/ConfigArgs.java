package dev.bosun.cli;

import dev.bosun.config.DeprecatedName;
import dev.bosun.config.Opt;
import dev.bosun.config.OptionGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Separates a command's own positional arguments ({@code HOST BINARY}) from the configuration
 * arguments ({@code --config-file F}, {@code --database-connection URL}) that picocli leaves
 * unmatched, so both may come in any order.
 *
 * <p>picocli does not know the configuration options, so it would take the value of {@code
 * --database-connection URL} for a positional parameter. Commands that have positional parameters
 * therefore collect everything unknown with {@code @Unmatched} and split it here, by the rule the
 * config's command-line source uses: {@code --name} takes the next argument as its value unless it
 * is written {@code --name=value}, is a boolean option, or the next argument starts with {@code
 * --}. An argument that is not an option or its value is positional.
 */
final class ConfigArgs {
  private ConfigArgs() {}

  /** The split: what goes to the config loader, and the rest, in order. */
  record Split(List<String> configArgs, List<String> positionals) {}

  static Split split(List<String> unmatched) {
    return split(unmatched, ConfigLoader.allGroups());
  }

  static Split split(List<String> unmatched, List<OptionGroup> groups) {
    Set<String> flags = booleanSpellings(groups);
    List<String> config = new ArrayList<>();
    List<String> positionals = new ArrayList<>();
    int i = 0;
    while (i < unmatched.size()) {
      String arg = unmatched.get(i++);
      if (arg.equals("--")) {
        positionals.addAll(unmatched.subList(i, unmatched.size()));
        break;
      }
      if (!arg.startsWith("--")) {
        positionals.add(arg);
        continue;
      }
      config.add(arg);
      boolean takesNext =
          !arg.contains("=")
              && i < unmatched.size()
              && !unmatched.get(i).startsWith("--")
              && (!flags.contains(normalize(arg)) || isBooleanWord(unmatched.get(i)));
      if (takesNext) {
        config.add(unmatched.get(i++));
      }
    }
    return new Split(List.copyOf(config), List.copyOf(positionals));
  }

  /** As the config's parser: {@code --flag false} is {@code --flag=false}. */
  private static boolean isBooleanWord(String arg) {
    return arg.equalsIgnoreCase("true") || arg.equalsIgnoreCase("false");
  }

  private static Set<String> booleanSpellings(List<OptionGroup> groups) {
    Set<String> flags = new HashSet<>();
    for (OptionGroup group : groups) {
      for (Opt<?> opt : group.options()) {
        if (opt.kind() != Opt.Kind.BOOLEAN) {
          continue;
        }
        addFlag(flags, opt.group(), opt.name());
        for (DeprecatedName old : opt.deprecatedNames()) {
          addFlag(flags, old.group(), old.name());
        }
      }
    }
    return flags;
  }

  private static void addFlag(Set<String> flags, String group, String name) {
    boolean inDefault = group.equalsIgnoreCase("DEFAULT");
    String prefix = inDefault ? "--" : "--" + group + "-";
    flags.add(normalize(prefix + name));
    flags.add(normalize(prefix + "no" + name));
  }

  private static String normalize(String spelling) {
    return spelling.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
  }
}
