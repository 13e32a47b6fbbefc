package dev.bosun.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's figures: each scenario adds rows while it runs; {@link FaultReportListener} prints
 * them as one Markdown table at the end of the suite, to standard output and to {@code
 * target/fault-report.md}.
 */
final class FaultReport {
  private static final List<String[]> ROWS = new ArrayList<>();

  private FaultReport() {}

  /**
   * One figure of a scenario: what was measured, its value, and the bound or expectation with
   * whether it held ({@code "-"} for a figure that is only reported).
   */
  static synchronized void add(String scenario, String figure, Object value, String expected) {
    ROWS.add(new String[] {scenario, figure, String.valueOf(value), expected});
  }

  /** A figure checked against an expectation: the row says whether it held. */
  static void check(String scenario, String figure, Object value, String expected, boolean held) {
    add(scenario, figure, value, expected + (held ? " (held)" : " (**FAILED**)"));
  }

  static synchronized String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("| scenario | figure | value | expected |\n|---|---|---|---|\n");
    for (String[] row : ROWS) {
      b.append("| ")
          .append(
              String.join(" | ", escape(row[0]), escape(row[1]), escape(row[2]), escape(row[3])))
          .append(" |\n");
    }
    return b.toString();
  }

  static synchronized boolean isEmpty() {
    return ROWS.isEmpty();
  }

  static void write() {
    String table = markdown();
    System.out.println("\n## Fault suite figures\n\n" + table);
    String target = System.getProperty("faults.report", "target/fault-report.md");
    try {
      Path path = Path.of(target);
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.writeString(path, "## Fault suite figures\n\n" + table);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fault report to " + target, e);
    }
  }

  private static String escape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
