package dev.bosun.db;

class PostgresAutoVersionCapTest extends AutoVersionCapContract {
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
