package dev.bosun.db;

import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.tck.AutoVersionCapContract;
import java.time.Duration;

/** The automatic version cap read from the JDBC services table; a fresh database per test. */
abstract class JdbcAutoVersionCapContract extends AutoVersionCapContract {
  private Database database;

  /** The URL of a fresh, empty database. */
  protected abstract String newDatabaseUrl();

  /** Removes the database {@link #newDatabaseUrl()} made, after the pool is closed. */
  protected void dropDatabase() {}

  @Override
  protected ServiceStore createStore(Duration serviceDownTime) {
    database = Database.builder(newDatabaseUrl()).maxPoolSize(4).open();
    database.sync();
    return database.serviceStore(serviceDownTime);
  }

  @Override
  protected void advanceClock(Duration by) {
    TestDatabases.backDate(database, by);
  }

  @Override
  protected void cleanUp() {
    if (database != null) {
      database.close();
    }
    dropDatabase();
  }
}
