package dev.bosun.db;

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
