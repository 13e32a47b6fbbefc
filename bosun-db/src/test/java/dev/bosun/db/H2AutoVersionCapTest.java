package dev.bosun.db;

import java.util.UUID;

class H2AutoVersionCapTest extends AutoVersionCapContract {
  @Override
  protected String newDatabaseUrl() {
    return "jdbc:h2:mem:vcap-" + UUID.randomUUID();
  }
}
