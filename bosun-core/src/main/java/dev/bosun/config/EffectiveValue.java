package dev.bosun.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One option's value in effect, and where it came from.
 *
 * @param option the option
 * @param value the value as written in a config file, {@code ****} for a secret, empty when the
 *     option has no value and no default
 * @param source where the value came from
 */
public record EffectiveValue(Opt<?> option, Optional<String> value, ValueSource source) {
  /** What the table adds to the source of an option that Bosun ignores. */
  public static final String IGNORED_MARK = " (IGNORED by Bosun: oslo compatibility only)";

  public String group() {
    return option.group();
  }

  public String name() {
    return option.name();
  }

  /**
   * A plain-text table with the columns GROUP, OPTION, VALUE and SOURCE, one row per value, for
   * reports and {@code bosun config show}. An unset value shows as {@code <None>}; line breaks in
   * values show as {@code \n}; the source of an {@linkplain Opt#ignored() ignored} option ends with
   * {@value #IGNORED_MARK}.
   */
  public static String renderTable(List<EffectiveValue> values) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"GROUP", "OPTION", "VALUE", "SOURCE"});
    for (EffectiveValue v : values) {
      rows.add(
          new String[] {
            v.group(),
            v.name(),
            v.value().map(s -> s.replace("\n", "\\n")).orElse("<None>"),
            v.source() + (v.option().ignored() ? IGNORED_MARK : "")
          });
    }
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < 4; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        line.append(row[i]);
        if (i < 3) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
