package dev.bosun.manager;

import dev.bosun.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one periodic task's statistics, as a runner saw them.
 *
 * @param name the task's name
 * @param spacing the spacing in force; empty while the task is paused (its spacing option is 0 or
 *     less)
 * @param runs runs started
 * @param failures runs that ended with an exception or error
 * @param skippedOverlaps slots skipped because the previous run was still going
 * @param running whether a run is going on now
 * @param lastStart when the last run started
 * @param lastDuration how long the last finished run took
 * @param lastError the last failure, as {@code ExceptionClass: message}
 * @param nextDue when the task is next due
 */
public record PeriodicTaskStats(
    String name,
    Optional<Duration> spacing,
    long runs,
    long failures,
    long skippedOverlaps,
    boolean running,
    Optional<Instant> lastStart,
    Optional<Duration> lastDuration,
    Optional<String> lastError,
    Optional<Instant> nextDue) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String[] HEADERS = {
    "task",
    "spacing",
    "runs",
    "failures",
    "skipped",
    "running",
    "last start (UTC)",
    "last took",
    "next due (UTC)",
    "last error"
  };

  /**
   * Renders {@code stats} as a plain-text table with a header row, one row per task, columns
   * separated by two spaces; for reports and the demo.
   */
  public static String table(List<PeriodicTaskStats> stats) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (PeriodicTaskStats s : stats) {
      rows.add(
          new String[] {
            s.name(),
            s.spacing().map(Durations::format).orElse("paused"),
            Long.toString(s.runs()),
            Long.toString(s.failures()),
            Long.toString(s.skippedOverlaps()),
            s.running() ? "yes" : "no",
            s.lastStart().map(TIME::format).orElse("-"),
            s.lastDuration().map(Durations::format).orElse("-"),
            s.nextDue().map(TIME::format).orElse("-"),
            s.lastError().map(PeriodicTaskStats::oneLine).orElse("-")
          });
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ");
    return line.length() > 120 ? line.substring(0, 117) + "..." : line;
  }
}
