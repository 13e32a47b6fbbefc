package dev.bosun.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads command-line arguments against the registered options. See {@link Config}. */
final class CommandLine {
  static final String CONFIG_FILE = "--config-file";
  static final String CONFIG_DIR = "--config-dir";

  /** The config paths named, in order, and option values by key (a later argument wins). */
  record Parsed(List<Sources.PathSpec> paths, Map<Key, Sources.Raw> values) {}

  /** {@code file}: the spelling names a file holding the secret's value ({@link SecretFiles}). */
  private record Target(Opt<?> opt, Key key, boolean negated, boolean file) {}

  private CommandLine() {}

  static Parsed parse(List<String> args, Collection<Opt<?>> opts, List<ConfigException> problems) {
    Map<String, List<Target>> table = table(opts);
    List<Sources.PathSpec> paths = new ArrayList<>();
    Map<Key, Sources.Raw> values = new LinkedHashMap<>();
    int i = 0;
    while (i < args.size()) {
      String arg = args.get(i++);
      if (!arg.startsWith("--") || arg.length() == 2) {
        problems.add(
            new UnknownOptionException(
                arg,
                "unexpected argument; options look like --name value or --group-name value",
                Optional.empty()));
        continue;
      }
      int eq = arg.indexOf('=');
      String spelled = eq < 0 ? arg : arg.substring(0, eq);
      String inline = eq < 0 ? null : arg.substring(eq + 1);
      String normalized = normalize(spelled);
      boolean takesNext = inline == null && i < args.size() && !args.get(i).startsWith("--");
      if (normalized.equals(CONFIG_FILE) || normalized.equals(CONFIG_DIR)) {
        if (inline == null && !takesNext) {
          problems.add(
              new UnknownOptionException(
                  spelled,
                  "needs a path, e.g. " + normalized + " /etc/bosun/bosun.conf",
                  Optional.empty()));
          continue;
        }
        String path = inline != null ? inline : args.get(i++);
        paths.add(new Sources.PathSpec(Path.of(path), normalized.equals(CONFIG_DIR), false));
        continue;
      }
      List<Target> targets = table.get(normalized);
      if (targets == null) {
        problems.add(
            new UnknownOptionException(
                spelled, "unknown option", nearest(normalized, table.keySet())));
        if (takesNext) {
          i++;
        }
        continue;
      }
      if (targets.size() > 1) {
        List<String> names = new ArrayList<>();
        targets.forEach(t -> names.add(t.opt().toString()));
        problems.add(
            new UnknownOptionException(
                spelled,
                "ambiguous, it names " + String.join(" and ", names) + "; set it in a config file",
                Optional.empty()));
        if (takesNext) {
          i++;
        }
        continue;
      }
      Target target = targets.get(0);
      String text;
      if (target.opt().kind() == Opt.Kind.BOOLEAN && !target.file()) {
        if (target.negated()) {
          if (inline != null) {
            problems.add(
                new UnknownOptionException(
                    spelled,
                    "takes no value; write "
                        + spelled
                        + " or "
                        + target.opt().commandLineName()
                        + "="
                        + inline,
                    Optional.empty()));
            continue;
          }
          text = "false";
        } else if (inline != null) {
          text = inline;
        } else if (takesNext && isBooleanWord(args.get(i))) {
          text = args.get(i++);
        } else {
          text = "true";
        }
      } else if (inline != null) {
        text = inline;
      } else if (takesNext) {
        text = args.get(i++);
      } else {
        problems.add(
            new UnknownOptionException(
                spelled, "needs a value, e.g. " + spelled + " VALUE", Optional.empty()));
        continue;
      }
      values.put(target.key(), new Sources.Raw(text, new ValueSource.CommandLine(spelled)));
    }
    return new Parsed(List.copyOf(paths), values);
  }

  /**
   * Describes every spelling that {@link #parse} takes, for {@code --help}: per option, its
   * spellings ({@code --group-name VALUE}, {@code --[no]flag}), then its help, type, bounds,
   * choices and default, wrapped at {@code width} and indented; options in {@link
   * SampleWriter#ORDER}, with a heading per group. This parser is the only one that reads these
   * options; the description is generated from the same declarations, so it cannot drift from what
   * is parsed.
   */
  static String describe(Collection<Opt<?>> opts, int width) {
    List<Opt<?>> sorted = new ArrayList<>(opts);
    sorted.sort(SampleWriter.ORDER);
    StringBuilder text = new StringBuilder();
    text.append("  ")
        .append(CONFIG_FILE)
        .append(" FILE   a config file to read; may be repeated, a later file wins\n")
        .append("  ")
        .append(CONFIG_DIR)
        .append(" DIR     the *.conf files of DIR, in name order\n");
    String group = null;
    for (Opt<?> opt : sorted) {
      if (!opt.group().equals(group)) {
        group = opt.group();
        text.append("\n  [").append(group).append("]\n");
      }
      text.append("  ").append(spelling(opt)).append('\n');
      StringBuilder about = new StringBuilder(opt.help());
      about.append(" (").append(opt.type().sampleName);
      opt.min().ifPresent(min -> about.append(", at least ").append(formatBound(opt, min)));
      opt.max().ifPresent(max -> about.append(", at most ").append(formatBound(opt, max)));
      about.append(')');
      if (!opt.choices().isEmpty()) {
        about.append(" ").append(capitalise(opt.choicesText())).append('.');
      }
      String value =
          opt.sampleDefault()
              .orElseGet(() -> opt.defaultValue().map(v -> opt.formatUntyped(v)).orElse(""));
      about.append(value.isEmpty() ? " No default." : " Default: " + value.replace("\n", "\\n"));
      if (opt.ignored()) {
        about.append(" IGNORED by Bosun (oslo compatibility only).");
      }
      for (DeprecatedName old : opt.deprecatedNames()) {
        about
            .append(" Deprecated: ")
            .append(Opt.commandLineName(old.group(), old.name()))
            .append('.');
      }
      wrap(text, about.toString(), "      ", Math.max(40, width));
    }
    return text.toString();
  }

  private static String spelling(Opt<?> opt) {
    String name = opt.commandLineName();
    if (opt.kind() != Opt.Kind.BOOLEAN) {
      return name + " " + metavar(opt);
    }
    String negated =
        Key.of(opt.group(), opt.name()).isDefaultGroup()
            ? "--no" + opt.name().replace('_', '-')
            : name.substring(0, name.length() - opt.name().length())
                + "no"
                + opt.name().replace('_', '-');
    return name + ", " + negated;
  }

  private static String metavar(Opt<?> opt) {
    return switch (opt.kind()) {
      case INTEGER, FLOAT, PORT -> "N";
      case DURATION -> "DURATION";
      case URL -> "URL";
      case LIST -> "A,B,...";
      case DICT -> "K:V,...";
      default -> "VALUE";
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> String formatBound(Opt<T> opt, Object bound) {
    return opt.type().formatBound((T) bound);
  }

  private static String capitalise(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  // split's dropping of trailing empty strings cannot matter: the text is stripped first
  @SuppressWarnings("StringSplitter")
  private static void wrap(StringBuilder out, String text, String indent, int width) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.strip().split("\\s+")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
        out.append(line).append('\n');
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    out.append(line).append('\n');
  }

  /** {@code --flag false} reads as {@code --flag=false}: only these two words are taken. */
  private static boolean isBooleanWord(String arg) {
    return arg.equalsIgnoreCase("true") || arg.equalsIgnoreCase("false");
  }

  private static Map<String, List<Target>> table(Collection<Opt<?>> opts) {
    Map<String, List<Target>> table = new HashMap<>();
    for (Opt<?> opt : opts) {
      add(table, opt, opt.group(), opt.name());
      for (DeprecatedName old : opt.deprecatedNames()) {
        add(table, opt, old.group(), old.name());
      }
    }
    return table;
  }

  private static void add(Map<String, List<Target>> table, Opt<?> opt, String group, String name) {
    Key key = Key.of(group, name);
    put(table, Opt.commandLineName(group, name), new Target(opt, key, false, false));
    if (opt.kind() == Opt.Kind.BOOLEAN) {
      String negated = key.isDefaultGroup() ? "--no" + name : "--" + group + "-no" + name;
      put(table, negated, new Target(opt, key, true, false));
    }
    if (opt.secret()) {
      String fileName = name + SecretFiles.SUFFIX;
      put(
          table,
          Opt.commandLineName(group, fileName),
          new Target(opt, Key.of(group, fileName), false, true));
    }
  }

  private static void put(Map<String, List<Target>> table, String spelling, Target target) {
    List<Target> targets = table.computeIfAbsent(normalize(spelling), s -> new ArrayList<>());
    for (Target existing : targets) {
      if (existing.opt().key().equals(target.opt().key())) {
        return;
      }
    }
    targets.add(target);
  }

  private static String normalize(String spelling) {
    return spelling.toLowerCase(Locale.ROOT).replace('_', '-').replace('.', '-');
  }

  private static Optional<String> nearest(String typed, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    List<String> all = new ArrayList<>(known);
    all.add(CONFIG_FILE);
    all.add(CONFIG_DIR);
    all.sort(null);
    for (String candidate : all) {
      int d = Key.distance(typed, candidate);
      if (d < bestDistance && Key.near(typed.substring(2), candidate.substring(2))) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }
}
