package dev.bosun.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.service.ServiceOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default database keeps other local users out: its directory is 0700, its files 0600,
 * and its auto-server takes only the random user and password kept in bosun.credentials.
 */
class EmbeddedDatabaseTest {
  @TempDir Path dir;

  private Config config(Path state) {
    return Config.builder()
        .register(ServiceOptions.ALL)
        .register(DatabaseOptions.group())
        .environment(Map.of())
        .args(List.of("--state-path", state.toString()))
        .build();
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static Properties properties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    return properties;
  }

  @Test
  void theStateDirectoryIsOwnerOnlyAndSoIsEveryFileInIt() throws IOException {
    Path state = dir.resolve("a").resolve("state");

    try (Database db = DatabaseOptions.open(config(state))) {
      db.sync();

      assertThat(mode(state)).isEqualTo("rwx------");
      try (var files = Files.list(state)) {
        List<Path> all = files.toList();
        assertThat(all)
            .extracting(p -> p.getFileName().toString())
            .contains("bosun.mv.db", "bosun.lock.db", "bosun.credentials");
        for (Path file : all) {
          assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
        }
      }
    }
  }

  /** Regression: the auto-server took H2's empty user and password from anyone who had the key. */
  @Test
  void theAutoServerRefusesAConnectionWithoutTheSecret() throws Exception {
    Path state = dir.resolve("state");
    try (Database db = DatabaseOptions.open(config(state))) {
      db.sync();
      try (Connection held = db.dataSource().getConnection()) { // the server runs while it is open
        Properties lock = properties(state.resolve("bosun.lock.db"));
        Properties secret = properties(state.resolve(EmbeddedDatabase.CREDENTIALS_FILE));
        String server = lock.getProperty("server");
        String tcp = "jdbc:h2:tcp://" + server + "/" + lock.getProperty("id");

        assertThat(server).startsWith("localhost:");
        assertThatThrownBy(() -> DriverManager.getConnection(tcp, "", "").close())
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("Wrong user name or password");
        assertThatThrownBy(
                () -> DriverManager.getConnection(tcp, secret.getProperty("user"), "guess").close())
            .hasMessageContaining("Wrong user name or password");
        assertThatThrownBy(() -> DriverManager.getConnection(tcp, "SA", "").close())
            .hasMessageContaining("Wrong user name or password");
        try (Connection owner =
                DriverManager.getConnection(
                    tcp, secret.getProperty("user"), secret.getProperty("password"));
            ResultSet rows =
                owner.createStatement().executeQuery("SELECT COUNT(*) FROM services")) {
          assertThat(rows.next()).isTrue();
        }
      }
    }
    assertThat(properties(state.resolve(EmbeddedDatabase.CREDENTIALS_FILE)).getProperty("password"))
        .hasSizeGreaterThanOrEqualTo(64);
  }

  @Test
  void aDatabaseWithTheOldEmptyPasswordIsRekeyedByItsOwner() throws Exception {
    Path state = dir.resolve("old");
    Files.createDirectory(
        state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    String url = Database.defaultUrl(state);
    try (Connection old = DriverManager.getConnection(url, "", "");
        Statement statement = old.createStatement()) {
      statement.execute("CREATE TABLE kept(x INT)");
      statement.execute("INSERT INTO kept VALUES (42)");
    }

    try (Database db = DatabaseOptions.open(config(state));
        Connection connection = db.dataSource().getConnection();
        ResultSet rows = connection.createStatement().executeQuery("SELECT x FROM kept")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(42);
    }
    assertThatThrownBy(() -> DriverManager.getConnection(url + ";IFEXISTS=TRUE", "", "").close())
        .hasMessageContaining("Wrong user name or password");
    assertThat(mode(state.resolve("bosun.mv.db"))).isEqualTo("rw-------");
    assertThat(mode(state.resolve(EmbeddedDatabase.CREDENTIALS_FILE))).isEqualTo("rw-------");
  }

  @Test
  void aLostCredentialsFileIsAnErrorThatSaysWhatToDo() throws IOException {
    Path state = dir.resolve("lost");
    try (Database db = DatabaseOptions.open(config(state))) {
      db.sync();
    }
    Files.delete(state.resolve(EmbeddedDatabase.CREDENTIALS_FILE));

    assertThatThrownBy(() -> DatabaseOptions.open(config(state)).close())
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("does not accept the user and password in")
        .hasMessageContaining("restore that file");
    assertThat(state.resolve(EmbeddedDatabase.CREDENTIALS_FILE))
        .as("no new credentials are left behind to confuse a restore")
        .doesNotExist();
    try (var files = Files.list(state)) {
      for (Path file : files.toList()) {
        assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
      }
    }
  }

  @Test
  void aStateDirectoryOthersCanWriteIsRefusedWithTheFix() throws IOException {
    Path state = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> DatabaseOptions.open(config(state)).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("writable by other users")
        .hasMessageContaining("chmod 700 " + state.toAbsolutePath());
    assertThat(state.resolve("bosun.mv.db")).doesNotExist();
  }

  @Test
  void aStateDirectoryOthersCanOnlyReadIsUsed() throws IOException {
    Path state = Files.createDirectory(dir.resolve("readable"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));

    try (Database db = DatabaseOptions.open(config(state))) {
      db.sync();
    }
    assertThat(mode(state.resolve("bosun.mv.db"))).isEqualTo("rw-------");
  }

  /** H2 reads '\' in a URL as an escape: the database would not be in the owner-only directory. */
  @Test
  void aStatePathWithABackslashIsRefusedBeforeAnythingIsMade() {
    Path state = dir.resolve("odd\\name");

    assertThatThrownBy(() -> DatabaseOptions.open(config(state)).close())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must not contain '\\'");
    assertThat(state).doesNotExist();
    assertThat(dir.resolve("odd")).doesNotExist();
  }
}
