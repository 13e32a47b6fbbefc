package dev.bosun.db;

import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.tck.ServiceStoreContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
    TestDatabases.backDate(database, by);
  }

  /** One batch in one transaction: registering 10,000 rows one by one is not what is tested. */
  @Override
  protected void registerMany(int from, int to) {
    try (Connection connection = database.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO services"
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
}
