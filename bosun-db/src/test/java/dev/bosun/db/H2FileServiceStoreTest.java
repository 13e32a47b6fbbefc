package dev.bosun.db;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2FileServiceStoreTest extends JdbcServiceStoreContract {
  @TempDir Path stateDir;

  @Override
  protected String newDatabaseUrl() {
    return "jdbc:h2:file:" + stateDir.toAbsolutePath().toString().replace('\\', '/') + "/bosun";
  }
}
