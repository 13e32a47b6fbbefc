package dev.bosun.db;

import dev.bosun.tck.PostgresSchemas;

class PostgresAutoVersionCapTest extends JdbcAutoVersionCapContract {
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
