package dev.bosun.db;

import java.util.UUID;

class H2MemoryServiceStoreTest extends JdbcServiceStoreContract {
  @Override
  protected String newDatabaseUrl() {
    // lives while the pool holds a connection; gone when the Database closes
    return "jdbc:h2:mem:tck-" + UUID.randomUUID();
  }
}
