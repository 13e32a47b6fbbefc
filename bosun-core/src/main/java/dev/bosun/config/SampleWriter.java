package dev.bosun.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes the sample config; see {@link Config#sample(Iterable)}. */
final class SampleWriter {
  static final int WIDTH = 78;

  /** DEFAULT first, then groups by name, then options by name. */
  static final Comparator<Opt<?>> ORDER =
      Comparator.comparing((Opt<?> o) -> !o.key().isDefaultGroup())
          .thenComparing(o -> o.key().group())
          .thenComparing(Opt::name);

  private SampleWriter() {}

  static String write(List<Opt<?>> opts, Map<String, String> groupHelp) {
    List<Opt<?>> sorted = new ArrayList<>(opts);
    sorted.sort(ORDER);
    Map<String, List<Opt<?>>> groups = new LinkedHashMap<>();
    Map<String, String> groupNames = new TreeMap<>();
    for (Opt<?> opt : sorted) {
      List<Opt<?>> group = groups.computeIfAbsent(opt.key().group(), g -> new ArrayList<>());
      if (!group.contains(opt)) {
        group.add(opt);
      }
      groupNames.putIfAbsent(opt.key().group(), opt.group());
    }
    StringBuilder out = new StringBuilder();
    comment(
        out,
        "Bosun sample configuration, generated from the option declarations. "
            + "Uncomment a line and change its value to set an option. Durations are seconds (10), "
            + "or a number with a unit (500ms, 10s, 5m, 1h) or ISO-8601 (PT10S); lists are "
            + "comma-separated; booleans are true or false.");
    for (Map.Entry<String, List<Opt<?>>> group : groups.entrySet()) {
      out.append("\n[").append(groupNames.get(group.getKey())).append("]\n");
      String help = groupHelp.get(group.getKey());
      if (help != null && !help.isBlank()) {
        out.append('\n');
        comment(out, help);
      }
      for (Opt<?> opt : group.getValue()) {
        out.append('\n');
        option(out, opt);
      }
    }
    return out.toString();
  }

  private static <T> void option(StringBuilder out, Opt<T> opt) {
    out.append("#\n");
    comment(out, opt.help() + " (" + opt.type().sampleName + ")");
    opt.min()
        .ifPresent(
            min ->
                out.append("# Minimum value: ").append(opt.type().formatBound(min)).append('\n'));
    opt.max()
        .ifPresent(
            max ->
                out.append("# Maximum value: ").append(opt.type().formatBound(max)).append('\n'));
    if (!opt.choices().isEmpty()) {
      comment(out, "Allowed values: " + opt.choicesText().substring("one of: ".length()));
    }
    if (opt.mutable()) {
      out.append("# Mutable: a reload (SIGHUP) applies a new value without a restart\n");
    }
    if (opt.secret()) {
      out.append(
              opt.passwordOnly()
                  ? "# Secret: its password is masked in reports and logs; "
                  : "# Secret: its value is shown as " + Opt.MASK + " in reports and logs; ")
          .append(opt.name())
          .append(SecretFiles.SUFFIX)
          .append(" =\n# PATH reads it from a file readable by its owner only\n");
    }
    if (opt.ignored()) {
      out.append("# IGNORED by Bosun: accepted for compatibility with oslo, it has no effect\n");
    }
    if (opt.required()) {
      out.append("# Required: loading fails when no source sets a value\n");
    }
    if (!opt.deprecatedNames().isEmpty()) {
      List<String> names = new ArrayList<>();
      opt.deprecatedNames().forEach(d -> names.add(d.toString()));
      comment(out, "Deprecated names: " + String.join(", ", names));
    }
    String value =
        opt.sampleDefault().orElseGet(() -> opt.defaultValue().map(opt::format).orElse("<None>"));
    String[] lines = value.split("\n", -1);
    out.append('#').append(opt.name()).append(" =");
    if (!lines[0].isEmpty()) {
      out.append(' ').append(lines[0]);
    }
    out.append('\n');
    for (int i = 1; i < lines.length; i++) {
      out.append("#    ").append(lines[i]).append('\n');
    }
  }

  /**
   * Appends {@code text} as {@code # } lines wrapped at {@link #WIDTH}; blank lines separate
   * paragraphs.
   */
  static void comment(StringBuilder out, String text) {
    String[] paragraphs = text.strip().split("\\n\\s*\\n", -1);
    for (int p = 0; p < paragraphs.length; p++) {
      if (p > 0) {
        out.append("#\n");
      }
      StringBuilder line = new StringBuilder("#");
      for (String word : paragraphs[p].trim().split("\\s+", -1)) {
        if (word.isEmpty()) {
          continue;
        }
        if (line.length() > 1 && line.length() + 1 + word.length() > WIDTH) {
          out.append(line).append('\n');
          line = new StringBuilder("#");
        }
        line.append(' ').append(word);
      }
      out.append(line).append('\n');
    }
  }
}
