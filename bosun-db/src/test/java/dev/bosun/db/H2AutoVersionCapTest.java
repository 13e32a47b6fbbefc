package dev.bosun.db;

import java.util.UUID;

class H2AutoVersionCapTest extends JdbcAutoVersionCapContract {
  @Override
  protected String newDatabaseUrl() {
    return "jdbc:h2:mem:vcap-" + UUID.randomUUID();
  }
}
