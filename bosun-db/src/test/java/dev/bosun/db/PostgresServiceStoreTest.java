package dev.bosun.db;

import dev.bosun.tck.PostgresSchemas;

class PostgresServiceStoreTest extends JdbcServiceStoreContract {
  private String url;

  @Override
  protected String newDatabaseUrl() {
    url = PostgresSchemas.create();
    return url;
  }

  @Override
  protected void dropDatabase() {
    if (url != null) {
      PostgresSchemas.drop(url);
    }
  }
}
