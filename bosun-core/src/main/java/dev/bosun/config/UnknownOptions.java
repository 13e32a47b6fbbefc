package dev.bosun.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds file entries that match no registered option, with the nearest known name. Entries in an
 * {@linkplain OptionGroup#open() open} section are never unknown; open sections are known names for
 * the suggestion of a misspelt section.
 */
final class UnknownOptions {
  /**
   * The most unknown options and sections reported per file; the rest are counted in one line, so
   * that a wrong file (a log, a dump) gives a screenful, not millions of lines.
   */
  static final int MAX_PER_FILE = 20;

  private UnknownOptions() {}

  /**
   * @param openGroups the open sections, normalized name to the name as declared
   */
  static List<String> find(
      Collection<Opt<?>> opts, Map<String, String> openGroups, List<IniFile> files) {
    Set<Key> known = new HashSet<>();
    Map<String, String> groups = new HashMap<>(openGroups);
    for (Opt<?> opt : opts) {
      known.add(opt.key());
      if (opt.secret()) {
        known.add(SecretFiles.fileKey(opt));
      }
      groups.putIfAbsent(opt.key().group(), opt.group());
      for (DeprecatedName old : opt.deprecatedNames()) {
        Key key = Key.of(old.group(), old.name());
        known.add(key);
        groups.putIfAbsent(key.group(), old.group());
      }
    }
    List<String> warnings = new ArrayList<>();
    for (IniFile file : files) {
      List<String> fileWarnings = new ArrayList<>();
      Set<String> reportedSections = new HashSet<>();
      for (IniFile.Entry entry : file.entries()) {
        Key key = Key.of(entry.section(), entry.key());
        if (known.contains(key) || openGroups.containsKey(key.group())) {
          continue;
        }
        String where = file.path() + ":" + entry.line() + ": ";
        if (!groups.containsKey(key.group())) {
          if (reportedSections.add(key.group())) {
            fileWarnings.add(
                file.path()
                    + ":"
                    + entry.sectionLine()
                    + ": unknown section ["
                    + entry.section()
                    + "] is ignored"
                    + suggestSection(key.group(), groups));
          }
          continue;
        }
        fileWarnings.add(
            where
                + "unknown option ["
                + entry.section()
                + "] "
                + entry.key()
                + " is ignored"
                + suggestOption(key, opts));
      }
      if (fileWarnings.size() > MAX_PER_FILE) {
        int more = fileWarnings.size() - MAX_PER_FILE;
        warnings.addAll(fileWarnings.subList(0, MAX_PER_FILE));
        warnings.add(
            file.path()
                + ": ... and "
                + more
                + " more unknown option"
                + (more == 1 ? "" : "s")
                + " or section"
                + (more == 1 ? "" : "s")
                + " in this file, all ignored");
      } else {
        warnings.addAll(fileWarnings);
      }
    }
    return warnings;
  }

  private static String suggestSection(String group, Map<String, String> groups) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Map.Entry<String, String> known : new java.util.TreeMap<>(groups).entrySet()) {
      int d = Key.distance(group, known.getKey());
      if (d < bestDistance && Key.near(group, known.getKey())) {
        best = known.getValue();
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean [" + best + "]?";
  }

  private static String suggestOption(Key key, Collection<Opt<?>> opts) {
    Opt<?> best = null;
    int bestDistance = Integer.MAX_VALUE;
    Opt<?> elsewhere = null;
    for (Opt<?> opt : opts) {
      if (opt.key().group().equals(key.group())) {
        int d = Key.distance(key.name(), opt.key().name());
        if (d < bestDistance && Key.near(key.name(), opt.key().name())) {
          best = opt;
          bestDistance = d;
        }
      } else if (opt.key().name().equals(key.name()) && elsewhere == null) {
        elsewhere = opt;
      }
    }
    if (best != null) {
      return "; did you mean " + best.name() + "?";
    }
    return elsewhere == null ? "" : "; did you mean " + elsewhere + " (in another section)?";
  }
}
