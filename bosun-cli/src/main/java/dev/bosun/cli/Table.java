package dev.bosun.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A plain-text table, columns two spaces apart, fitted to a width: when it is too wide, the widest
 * column is wrapped onto more lines (its text is never cut), so every value stays readable and
 * whole.
 */
final class Table {
  private static final int GAP = 2;
  private static final int MIN_COLUMN = 12;

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    this.columns = header.length;
    rows.add(header.clone());
  }

  Table add(String... row) {
    if (row.length != columns) {
      throw new IllegalArgumentException("a row needs " + columns + " cells, found " + row.length);
    }
    rows.add(row.clone());
    return this;
  }

  /** The table; wrapped to fit {@code width} when given. */
  String render(OptionalInt width) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    if (width.isPresent()) {
      shrink(widths, width.getAsInt());
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      List<List<String>> cells = new ArrayList<>();
      int height = 1;
      for (int i = 0; i < columns; i++) {
        List<String> lines = wrap(row[i], widths[i]);
        cells.add(lines);
        height = Math.max(height, lines.size());
      }
      for (int h = 0; h < height; h++) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns; i++) {
          String cell = h < cells.get(i).size() ? cells.get(i).get(h) : "";
          line.append(cell);
          if (i < columns - 1) {
            line.append(" ".repeat(widths[i] - cell.length() + GAP));
          }
        }
        text.append(line.toString().stripTrailing()).append('\n');
      }
    }
    return text.toString();
  }

  /** Narrows the widest columns until the table fits, none below {@link #MIN_COLUMN}. */
  private static void shrink(int[] widths, int width) {
    while (true) {
      int total = GAP * (widths.length - 1);
      int widest = 0;
      for (int i = 0; i < widths.length; i++) {
        total += widths[i];
        if (widths[i] > widths[widest]) {
          widest = i;
        }
      }
      if (total <= width || widths[widest] <= MIN_COLUMN) {
        return;
      }
      widths[widest] = Math.max(MIN_COLUMN, widths[widest] - (total - width));
    }
  }

  /** {@code text} in lines of at most {@code width}, broken at spaces where it can. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    String rest = text;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        lines.add(rest.substring(0, width));
        rest = rest.substring(width);
      } else {
        lines.add(rest.substring(0, cut));
        rest = rest.substring(cut + 1);
      }
    }
    lines.add(rest);
    return lines;
  }
}
