package dev.bosun.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.servicegroup.ServiceStoreException;
import dev.bosun.tck.PostgresSchemas;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
  private static final Duration DOWN_TIME = Duration.ofSeconds(60);
  private Database database;
  private String postgresUrl;

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
      database.close();
    }
    if (postgresUrl != null) {
      PostgresSchemas.drop(postgresUrl);
    }
  }

  private static String h2Memory() {
    return "jdbc:h2:mem:db-" + UUID.randomUUID();
  }

  @Test
  void aServiceOnAnUnmigratedDatabaseIsToldToRunDbSync() {
    database = Database.open(h2Memory());

    SchemaVersion version = database.version();

    assertThat(version.status()).isEqualTo(SchemaVersion.Status.UNINITIALIZED);
    assertThat(version.current()).isEmpty();
    assertThat(version.latest()).isEqualTo("1");
    assertThat(version.describe()).contains("bosun db sync");
    assertThatThrownBy(() -> database.serviceStore(DOWN_TIME))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("run 'bosun db sync'")
        .hasMessageContaining(database.describe());
  }

  @Test
  void syncCreatesTheSchemaOnceAndAgainDoesNothing() {
    database = Database.open(h2Memory());

    SchemaVersion synced = database.sync();
    SchemaVersion again = database.sync();

    assertThat(synced.status()).isEqualTo(SchemaVersion.Status.CURRENT);
    assertThat(synced.current()).contains("1");
    assertThat(again).isEqualTo(synced);
    database.requireCurrentSchema();
    assertThat(database.serviceStore(DOWN_TIME).list(dev.bosun.servicegroup.ServiceFilter.all()))
        .isEmpty();
  }

  /**
   * Read-only commands check the schema with one query against {@link Database#LATEST_SCHEMA}
   * instead of Flyway's scan: the constant must be the newest migration.
   */
  @Test
  void theLatestSchemaConstantIsTheNewestMigration() {
    database = Database.open(h2Memory());
    assertThat(database.version().latest()).isEqualTo(Database.LATEST_SCHEMA);
  }

  @Test
  void aFailedMigrationInTheHistoryIsNotTakenForACurrentSchema() throws Exception {
    database = Database.open(h2Memory());
    database.sync();
    try (java.sql.Connection c = database.pool().getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE \"" + Database.HISTORY_TABLE + "\" SET \"success\" = FALSE");
    }
    assertThatThrownBy(() -> database.serviceStore(DOWN_TIME))
        .isInstanceOf(DatabaseException.class);
  }

  @Test
  void aSchemaNewerThanThisBosunIsRefusedAndNeverDowngraded() {
    database = Database.open(h2Memory());
    database.sync();
    pretendANewerBosunMigrated(database);

    assertThat(database.version().status()).isEqualTo(SchemaVersion.Status.AHEAD);
    assertThat(database.version().current()).contains("999");
    assertThatThrownBy(() -> database.serviceStore(DOWN_TIME))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("999")
        .hasMessageContaining("newer than this Bosun's 1");
    assertThatThrownBy(database::sync)
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("newer Bosun");
  }

  /** Regression: the auto-server with H2's empty password let every local user in. */
  @Test
  void theEmbeddedUrlIsRefusedWithoutASecret(@TempDir Path stateDir) {
    assertThatThrownBy(() -> Database.open(Database.defaultUrl(stateDir)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto-server with an empty password")
        .hasMessageContaining("DatabaseOptions.open(config)");
    assertThatThrownBy(() -> Database.open(Database.defaultUrl(stateDir) + ";PASSWORD="))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(stateDir.resolve("bosun.mv.db")).doesNotExist();
  }

  @Test
  void anEmbeddedDatabaseKeepsItsRowsAcrossARestart(@TempDir Path stateDir) {
    String url = Database.defaultUrl(stateDir) + ";PASSWORD=test";
    try (Database first = Database.open(url)) {
      first.sync();
      first
          .serviceStore(DOWN_TIME)
          .register(ServiceRegistration.create("host1", "bosun-volume", "volume", 2, "1.3"));
    }

    database = Database.open(url);
    ServiceStore store = database.serviceStore(DOWN_TIME);

    assertThat(store.get("host1", "bosun-volume").rpcCurrentVersion()).contains("1.3");
    assertThat(stateDir.resolve("bosun.mv.db")).exists();
  }

  @Test
  void theDefaultUrlIsAnH2FileInTheStateDirectory(@TempDir Path stateDir) {
    assertThat(Database.defaultUrl(stateDir))
        .startsWith("jdbc:h2:file:" + stateDir.toAbsolutePath())
        .contains("/bosun;");
    assertThatThrownBy(() -> Database.defaultUrl(Path.of("/tmp/a;b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/tmp/a;b");
  }

  @Test
  void passwordsNeverReachLogsOrMessages() {
    assertThat(
            Database.maskPassword(
                "jdbc:postgresql://db.example:5432/bosun?user=bosun&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db.example:5432/bosun?user=bosun&password=***&ssl=true");
    assertThat(Database.maskPassword("jdbc:h2:file:/x;USER=sa;PASSWORD=s3cret"))
        .doesNotContain("s3cret");
    assertThat(Database.maskPassword("jdbc:postgresql://bosun:s3cret@db/bosun"))
        .isEqualTo("jdbc:postgresql://bosun:***@db/bosun");
    assertThatThrownBy(() -> Database.open("postgres://bosun:s3cret@db/bosun"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JDBC URL")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void settingsAreCheckedAtTheDoorWithTheBadValue() {
    assertThatThrownBy(() -> Database.builder(h2Memory()).maxPoolSize(0))
        .hasMessageContaining("max_pool_size")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> Database.builder(h2Memory()).poolTimeout(Duration.ofMillis(10)))
        .hasMessageContaining("pool_timeout")
        .hasMessageContaining("PT0.01S");
    assertThatThrownBy(() -> Database.builder(h2Memory()).statementTimeout(Duration.ZERO))
        .hasMessageContaining("statement_timeout");
  }

  @Test
  void aDatabaseThatIsNotThereFailsQuicklyAndNamesItself() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/bosun?user=bosun&password=s3cret";
    database = Database.builder(url).poolTimeout(Duration.ofMillis(500)).open();

    assertThatThrownBy(database::version)
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("[database] connection")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void storeOperationsOnALostDatabaseThrowAStoreExceptionNamingIt() {
    database = Database.open(h2Memory());
    database.sync();
    ServiceStore store = database.serviceStore(DOWN_TIME);
    TestDatabases.execute(database, "DROP TABLE services");

    assertThatThrownBy(() -> store.reportState(1))
        .isInstanceOf(ServiceStoreException.class)
        .hasMessageContaining("report the state of service id 1")
        .hasMessageContaining(database.describe());
  }

  @Test
  void postgresqlIsMigratedAndCheckedTheSameWay() {
    postgresUrl = PostgresSchemas.create();
    database = Database.open(postgresUrl);

    assertThat(database.version().status()).isEqualTo(SchemaVersion.Status.UNINITIALIZED);
    assertThat(database.sync().status()).isEqualTo(SchemaVersion.Status.CURRENT);
    pretendANewerBosunMigrated(database);
    assertThatThrownBy(database::requireCurrentSchema)
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("999");
  }

  private static void pretendANewerBosunMigrated(Database database) {
    TestDatabases.execute(
        database,
        "INSERT INTO \""
            + Database.HISTORY_TABLE
            + "\""
            + " (\"installed_rank\", \"version\", \"description\", \"type\", \"script\","
            + " \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
            + " VALUES (99, '999', 'from the future', 'SQL', 'V999__from_the_future.sql', 0, 'test',"
            + " 0, TRUE)");
  }
}
