package dev.bosun.config;

import java.util.Locale;

/**
 * The normalised identity of an option: group and name in lower case with {@code -} and {@code .}
 * read as {@code _}, so that {@code [DEFAULT] report-interval}, {@code BOSUN_REPORT_INTERVAL} and
 * {@code --report-interval} all land on the same option.
 */
record Key(String group, String name) {
  static final String DEFAULT_GROUP = "DEFAULT";

  static Key of(String group, String name) {
    return new Key(normalize(group), normalize(name));
  }

  static String normalize(String s) {
    return s.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  boolean isDefaultGroup() {
    return group.equals("default");
  }

  /** Levenshtein distance, for "did you mean" suggestions. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Whether {@code candidate} is near enough to {@code typed} to be worth suggesting. */
  static boolean near(String typed, String candidate) {
    int limit = Math.max(2, Math.min(typed.length(), candidate.length()) / 3);
    return distance(typed, candidate) <= limit;
  }
}
