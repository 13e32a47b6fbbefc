package dev.bosun.cli;

import dev.bosun.tck.PostgresSchemas;

/** The database commands on PostgreSQL, a schema of its own per test. */
class PostgresDatabaseCommandsTest extends DatabaseCommandsContract {
  @Override
  protected String newDatabaseUrl() {
    return PostgresSchemas.create();
  }

  @Override
  protected void dropDatabase(String url) {
    PostgresSchemas.drop(url);
  }
}
