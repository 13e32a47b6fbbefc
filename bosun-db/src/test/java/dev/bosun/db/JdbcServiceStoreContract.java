package dev.bosun.db;

import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.tck.ServiceStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/** The store contract on one database kind; each test gets a fresh, empty database. */
abstract class JdbcServiceStoreContract extends ServiceStoreContract {
  protected Database database;

  /** The URL of a fresh, empty database. */
  protected abstract String newDatabaseUrl();

  /** Removes the database {@link #newDatabaseUrl()} made, after the pool is closed. */
  protected void dropDatabase() {}

  @Override
  protected ServiceStore createStore(Duration serviceDownTime) {
    database = Database.builder(newDatabaseUrl()).maxPoolSize(10).open();
    database.sync();
    return database.serviceStore(serviceDownTime);
  }

  @Override
  protected void advanceClock(Duration by) {
    backDate(database, by);
  }

  /** The database's clock cannot move: makes every time in the services table older instead. */
  static void backDate(Database database, Duration by) {
    String minus = " - INTERVAL '" + by.toSeconds() + "' SECOND";
    execute(database, "UPDATE services SET created_at = created_at" + minus
        + ", updated_at = updated_at" + minus + ", last_seen_up = last_seen_up" + minus
        + ", deleted_at = deleted_at" + minus);
  }

  /** One batch in one transaction: registering 10,000 rows one by one is not what is tested. */
  @Override
  protected void registerMany(int from, int to) {
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO services"
          + " (uuid, host, \"binary\", topic, version, rpc_current_version, report_count)"
          + " VALUES (?, ?, 'bosun-volume', 'volume', 3, '1.4', 0)")) {
        for (int i = from; i < to; i++) {
          insert.setString(1, UUID.randomUUID().toString());
          insert.setString(2, "host" + i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  protected void cleanUp() {
    if (database != null) {
      database.close();
    }
    dropDatabase();
  }

  private static void execute(Database database, String sql) {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("failed: " + sql, e);
    }
  }
}
