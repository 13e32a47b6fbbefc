package dev.bosun.cli;

import dev.bosun.tck.ExternalServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Throw-away schemas in the PostgreSQL database {@code test} on 127.0.0.1:5432, one per test,
 * dropped afterwards (the same as bosun-db's test helper).
 */
final class PostgresSchemas {
  static final String BASE_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static volatile String user;

  private PostgresSchemas() {}

  /** Skips (or fails on CI) when PostgreSQL is not there; creates a schema and returns its URL. */
  static String create() {
    ExternalServices.assumeReachable(ExternalServices.POSTGRESQL);
    String schema = "bosun_cli_" + UUID.randomUUID().toString().replace("-", "")
        .substring(0, 16).toLowerCase(Locale.ROOT);
    execute("CREATE SCHEMA " + schema);
    return BASE_URL + "?user=" + user() + "&currentSchema=" + schema;
  }

  static void drop(String url) {
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(BASE_URL + "?user=" + user());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("failed on PostgreSQL: " + sql, e);
    }
  }

  private static String user() {
    if (user == null) {
      SQLException last = null;
      for (String candidate : List.of("postgres", "root")) {
        try (Connection ignored = DriverManager.getConnection(BASE_URL + "?user=" + candidate)) {
          user = candidate;
          return user;
        } catch (SQLException e) {
          last = e;
        }
      }
      throw new AssertionError("neither postgres nor root may log in to " + BASE_URL, last);
    }
    return user;
  }
}
