package dev.bosun.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A private PostgreSQL cluster stopped for {@value #OUTAGE_SECONDS} s (as issue 13 asks; {@code
 * -Dfaults.pgOutageSeconds=N} shortens it) under a {@code bosun run} child beating its heart every
 * {@value #REPORT_INTERVAL} s: the service lives on, logs one line when the database goes and one
 * when it is back, and beats again at the next interval.
 */
class PostgresOutageFaultTest {
  static final int OUTAGE_SECONDS = 60;
  static final int REPORT_INTERVAL = 2;

  @Test
  void heartbeatsSurviveADatabaseOutageWithOneLineEachWay() throws Exception {
    int outage = Integer.getInteger("faults.pgOutageSeconds", OUTAGE_SECONDS);
    String s = "PostgreSQL stopped " + outage + " s under heartbeats";
    Path state = Files.createTempDirectory("bosun-faults-pg-state");
    try (PrivatePostgres pg = new PrivatePostgres()) {
      StringWriter out = new StringWriter();
      int synced =
          Main.execute(
              new PrintWriter(out),
              new PrintWriter(out),
              "db",
              "sync",
              "--database-connection",
              pg.jdbcUrl());
      assertThat(synced).as("bosun db sync: %s", out).isZero();
      try (ChildBosun child =
          ChildBosun.start(
              "run",
              "faultsink",
              "--transport-url",
              "memory://",
              "--database-connection",
              pg.jdbcUrl(),
              "--report-interval",
              Integer.toString(REPORT_INTERVAL),
              "--host",
              "pg1",
              "--state-path",
              state.toString())) {
        child.awaitRunning();
        Thread.sleep(3 * REPORT_INTERVAL * 1000L);
        long before = reportCount(pg);
        int logStart = child.log().length();

        pg.stop();
        Thread.sleep(outage * 1000L);
        pg.start();
        long back = System.nanoTime();
        child.awaitLog("heartbeats for faultsink@pg1 resumed");
        Duration resumed = Duration.ofNanos(System.nanoTime() - back);
        Thread.sleep(REPORT_INTERVAL * 1000L);
        long after = reportCount(pg);

        List<String> lines = child.log().substring(logStart).lines().toList();
        long warnings =
            lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
        long lost =
            lines.stream().filter(l -> l.contains("Lost connection to the database")).count();
        long resumedLines = lines.stream().filter(l -> l.contains("resumed after")).count();
        boolean alive = child.isAlive();
        boolean nextInterval = resumed.compareTo(Duration.ofSeconds(REPORT_INTERVAL + 1)) <= 0;

        FaultReport.add(s, "report_interval", REPORT_INTERVAL + " s", "-");
        FaultReport.check(s, "log lines while down (WARN/ERROR)", warnings, "1", warnings == 1);
        FaultReport.check(
            s,
            "lines 'Lost connection' / 'resumed'",
            lost + " / " + resumedLines,
            "1 / 1",
            lost == 1 && resumedLines == 1);
        FaultReport.check(
            s,
            "database back to heartbeat resumed",
            resumed.toMillis() + " ms",
            "<= report_interval + 1 s",
            nextInterval);
        FaultReport.check(
            s,
            "heartbeats counted by the database (before, after)",
            before + ", " + after,
            "after > before",
            after > before);
        FaultReport.check(
            s, "service process alive afterwards", alive ? "yes" : "no", "yes", alive);

        assertThat(alive).as("%s", child).isTrue();
        assertThat(lost).as("%s", lines).isEqualTo(1);
        assertThat(resumedLines).as("%s", lines).isEqualTo(1);
        assertThat(warnings).as("%s", lines).isEqualTo(1);
        assertThat(nextInterval).as("resumed %s after the database came back", resumed).isTrue();
        assertThat(after).isGreaterThan(before);
        child.signal("TERM");
        assertThat(child.awaitExit()).as("%s", child).isZero();
      }
    } finally {
      FileTrees.delete(state);
    }
  }

  private static long reportCount(PrivatePostgres pg) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select report_count from services where host = 'pg1'")) {
      assertThat(rs.next()).as("the service's row").isTrue();
      return rs.getLong(1);
    }
  }
}
