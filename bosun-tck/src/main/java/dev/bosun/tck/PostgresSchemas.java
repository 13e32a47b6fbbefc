package dev.bosun.tck;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Throw-away schemas in the PostgreSQL database {@code test} on 127.0.0.1:5432, one per test,
 * dropped afterwards.
 *
 * <p>Talks to PostgreSQL through {@link DriverManager} only, so bosun-tck does not depend on the
 * PostgreSQL driver: the module whose tests call this has it on its test class path. Logs in as
 * {@code postgres}, else {@code root} (trust authentication); the first that works is kept. Safe to
 * call from several test threads.
 */
public final class PostgresSchemas {
  private static final String BASE_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String SCHEMA_PARAMETER = "currentSchema=";
  private static volatile @Nullable String user;

  private PostgresSchemas() {}

  /**
   * Skips (or fails on CI, see {@link ExternalServices}) when PostgreSQL is not there; creates a
   * schema with a fresh name and returns a JDBC URL whose connections use it.
   */
  public static String create() {
    ExternalServices.assumeReachable(ExternalServices.POSTGRESQL);
    String schema =
        "bosun_test_"
            + UUID.randomUUID()
                .toString()
                .replace("-", "")
                .substring(0, 16)
                .toLowerCase(Locale.ROOT);
    execute("CREATE SCHEMA " + schema);
    return BASE_URL + "?user=" + user() + "&" + SCHEMA_PARAMETER + schema;
  }

  /** Drops the schema of a URL from {@link #create()} with all it holds; nothing if it is gone. */
  public static void drop(String url) {
    int at = url.indexOf(SCHEMA_PARAMETER);
    if (at < 0) {
      throw new IllegalArgumentException("not a URL from PostgresSchemas.create(): " + url);
    }
    execute("DROP SCHEMA IF EXISTS " + url.substring(at + SCHEMA_PARAMETER.length()) + " CASCADE");
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
