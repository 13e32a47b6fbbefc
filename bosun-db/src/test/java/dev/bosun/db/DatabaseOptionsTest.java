package dev.bosun.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.OptionProvider;
import dev.bosun.service.ServiceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseOptionsTest {

  private static Config config(String... args) {
    return Config.builder()
        .register(ServiceOptions.ALL)
        .register(DatabaseOptions.group())
        .environment(Map.of())
        .args(List.of(args))
        .build();
  }

  @Test
  void theDatabaseGroupIsFoundOnTheClassPath() {
    List<OptionGroup> groups = OptionProvider.discover(getClass().getClassLoader());

    assertThat(groups).extracting(OptionGroup::name).contains("database");
    assertThat(DatabaseOptions.CONNECTION.secret()).isTrue();
    assertThat(Config.sample(groups, List.of()))
        .contains("[database]")
        .contains("#max_pool_size = 5")
        .contains("#pool_timeout = 5")
        .contains("#statement_timeout = 10")
        .contains("#max_retries = 10")
        .contains("#retry_interval = 10");
  }

  @Test
  void withoutAConnectionTheEmbeddedDatabaseIsUnderStatePath(@TempDir Path dir) {
    Config config = config("--state-path", dir.toString());

    assertThat(DatabaseOptions.connection(config)).isEqualTo(Database.defaultUrl(dir));
  }

  @Test
  void openExistingDoesNotCreateTheEmbeddedDatabase(@TempDir Path dir) {
    Path state = dir.resolve("state");
    Config config = config("--state-path", state.toString());

    assertThat(DatabaseOptions.openExisting(config)).isEmpty();
    assertThat(DatabaseOptions.statePath(config)).isEqualTo(state.toAbsolutePath());
    assertThat(state.resolve("bosun.mv.db")).doesNotExist();

    try (Database created = DatabaseOptions.open(config)) {
      created.sync();
    }
    try (Database existing = DatabaseOptions.openExisting(config).orElseThrow()) {
      assertThat(existing.version().status()).isEqualTo(SchemaVersion.Status.CURRENT);
      assertThat(existing.describe()).contains("IFEXISTS=TRUE");
    }
  }

  @Test
  void openExistingOpensAConfiguredConnection() {
    Config config = config("--database-connection", "jdbc:h2:mem:open-existing");

    try (Database database = DatabaseOptions.openExisting(config).orElseThrow()) {
      assertThat(database.describe()).isEqualTo("jdbc:h2:mem:open-existing");
    }
    assertThat(DatabaseOptions.isEmbedded(config)).isFalse();
    assertThat(DatabaseOptions.isEmbedded(config("--database-connection", " "))).isTrue();
  }

  @Test
  void theConnectionWinsOverStatePath(@TempDir Path dir) {
    Config config =
        config("--state-path", dir.toString(), "--database-connection", "jdbc:h2:mem:given");

    assertThat(DatabaseOptions.connection(config)).isEqualTo("jdbc:h2:mem:given");
  }

  @Test
  void aConnectionThatIsNotJdbcIsAConfigErrorWithThePasswordMasked() {
    Config config = config("--database-connection", "postgresql://bosun:s3cret@db/bosun");

    assertThatThrownBy(() -> DatabaseOptions.connection(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[database] connection must be a JDBC URL")
        .hasMessageContaining("postgresql://bosun:***@db/bosun")
        .hasMessageNotContaining("s3cret");
  }

  /**
   * Regression: jdbc:postgres:// (no driver) was a RuntimeException from Hikari, not a config
   * error.
   */
  @Test
  void aJdbcUrlWithoutADriverIsAConfigErrorNamingTheAcceptedForms() {
    Config config =
        config(
            "--database-connection", "jdbc:postgres://db.example/bosun?user=bosun&password=s3cret");

    assertThatThrownBy(() -> DatabaseOptions.connection(config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jdbc:postgres://db.example/bosun?user=bosun&password=***")
        .hasMessageContaining("jdbc:h2:")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> DatabaseOptions.open(config)).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> Database.open("jdbc:mysql://u:s3cret@db/bosun"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:mysql://u:***@db/bosun")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void openAppliesThePoolSettings() {
    Config config =
        config(
            "--database-connection",
            "jdbc:h2:mem:pool-settings",
            "--database-max-pool-size",
            "3",
            "--database-pool-timeout",
            "2s",
            "--database-statement-timeout",
            "7",
            "--database-max-retries",
            "-1",
            "--database-retry-interval",
            "500ms");

    try (Database database = DatabaseOptions.open(config)) {
      assertThat(database.maxRetries()).isEqualTo(-1);
      assertThat(database.retryInterval()).isEqualTo(Duration.ofMillis(500));
      assertThat(database.pool().getMaximumPoolSize()).isEqualTo(3);
      assertThat(database.pool().getConnectionTimeout()).isEqualTo(2000);
      assertThat(database.statementTimeout()).isEqualTo(Duration.ofSeconds(7));
      assertThat(database.version().status()).isEqualTo(SchemaVersion.Status.UNINITIALIZED);
    }
  }

  @Test
  void boundsAreCheckedWhenTheConfigLoads() {
    assertThatThrownBy(() -> config("--database-max-pool-size", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max_pool_size");
    assertThatThrownBy(() -> config("--database-statement-timeout", "100ms"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("statement_timeout");
    assertThatThrownBy(() -> config("--database-max-retries", "-2"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max_retries")
        .hasMessageContaining("-2");
    assertThatThrownBy(() -> config("--database-retry-interval", "10ms"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retry_interval");
  }

  @Test
  void theRetryDefaultsAreOsloDbs() {
    try (Database database =
        DatabaseOptions.open(config("--database-connection", "jdbc:h2:mem:retry-defaults"))) {
      assertThat(database.maxRetries()).isEqualTo(10);
      assertThat(database.retryInterval()).isEqualTo(Duration.ofSeconds(10));
    }
  }

  @Test
  void serviceDownTimeFollowsNovasRule() {
    assertThat(DatabaseOptions.serviceDownTime(config())).isEqualTo(Duration.ofSeconds(60));
    assertThat(
            DatabaseOptions.serviceDownTime(
                config("--report-interval", "10", "--service-down-time", "10")))
        .isEqualTo(Duration.ofSeconds(25));
    assertThat(
            DatabaseOptions.serviceDownTime(
                config("--report-interval", "0", "--service-down-time", "5")))
        .as("no heartbeats: nothing to compare with")
        .isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void aConfigWithoutTheOptionsGetsThemRegistered() {
    Config bare = Config.builder().environment(Map.of()).build();

    assertThat(DatabaseOptions.connection(bare)).isEqualTo(Database.defaultUrl(Path.of("var")));
    assertThat(DatabaseOptions.serviceDownTime(bare)).isEqualTo(Duration.ofSeconds(60));
  }
}
