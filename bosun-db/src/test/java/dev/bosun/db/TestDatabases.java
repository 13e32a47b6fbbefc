package dev.bosun.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** What the bosun-db tests do to a database behind the service store's back. */
final class TestDatabases {
  private TestDatabases() {}

  /** Runs one statement; a failure fails the test, naming the statement. */
  static void execute(Database database, String sql) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("failed: " + sql, e);
    }
  }

  /** The database's clock cannot move: makes every time in the services table older instead. */
  static void backDate(Database database, Duration by) {
    String minus = " - INTERVAL '" + by.toSeconds() + "' SECOND";
    execute(
        database,
        "UPDATE services SET created_at = created_at"
            + minus
            + ", updated_at = updated_at"
            + minus
            + ", last_seen_up = last_seen_up"
            + minus
            + ", deleted_at = deleted_at"
            + minus);
  }
}
