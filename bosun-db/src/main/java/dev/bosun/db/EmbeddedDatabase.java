package dev.bosun.db;

import dev.bosun.service.StateDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default database in the state directory, and the secret that keeps other local users
 * out of it.
 *
 * <p>H2's auto-server (see {@link Database#defaultUrl}) accepts TCP connections on the loopback
 * interface from anyone who knows the server's key and a user's password. The key is in {@code
 * bosun.lock.db}; the user and password, made at random when the database is first used, are in
 * {@value #CREDENTIALS_FILE}. Both files, like every file here, are {@code 0600} in a {@code 0700}
 * directory ({@link StateDirectory}), so only the user that runs Bosun (and root) can connect. A
 * database made by an older Bosun, with H2's empty user and password, is re-keyed the first time
 * its owner opens it.
 */
final class EmbeddedDatabase {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** The file, in the state directory, that holds the user and password of the database. */
  static final String CREDENTIALS_FILE = "bosun.credentials";

  /** The files H2 keeps for the database {@code bosun}, and Bosun's own. */
  private static final List<String> FILES =
      List.of("bosun.mv.db", "bosun.lock.db", "bosun.trace.db", CREDENTIALS_FILE);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.concurrent.atomic.AtomicBoolean LOOPBACK_WARNED =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** The user and password of the embedded database; {@link #toString()} hides the password. */
  record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=****]";
    }
  }

  private EmbeddedDatabase() {}

  /**
   * The credentials of the database in {@code stateDir}, made and saved ({@code 0600}) when there
   * are none yet; an existing database that still has H2's empty user and password gets them.
   *
   * @param url the database's URL ({@link Database#defaultUrl}, perhaps with {@code IFEXISTS})
   * @throws DatabaseException when the database does not take the saved credentials and is not an
   *     old one without them, or the file cannot be read or written
   */
  static Credentials credentials(Path stateDir, String url) {
    Path file = stateDir.resolve(CREDENTIALS_FILE);
    boolean existed = Files.exists(file);
    Credentials credentials = loadOrCreate(file);
    if (Files.exists(stateDir.resolve("bosun.mv.db"))) {
      try {
        rekeyIfOld(stateDir, url, credentials);
      } catch (DatabaseException e) {
        if (!existed) { // made for nothing: leave the place as it was, for a restored file
          try {
            Files.deleteIfExists(file);
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
        }
        throw e;
      } finally {
        restrictFiles(stateDir); // H2 may have written bosun.trace.db about the failure
      }
    }
    if (!existed) {
      LOG.info("Made a new user and password for the embedded database in {}", file);
    }
    restrictFiles(stateDir);
    return credentials;
  }

  /**
   * Logs a warning when H2 read its bind address before {@link Database} set it (H2 reads it once,
   * when its first class loads): the auto-server then listens on every interface, still behind its
   * key and password.
   */
  static void warnUnlessLoopback() {
    // H2 is an optional runtime dependency of bosun-db: read its setting without linking to it
    @Nullable String bindAddress;
    try {
      bindAddress =
          (String) Class.forName("org.h2.engine.SysProperties").getField("BIND_ADDRESS").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return; // no H2 on the class path: there is no auto-server to warn about
    }
    if (bindAddress == null
        || !(bindAddress.equals("127.0.0.1")
            || bindAddress.equals("localhost")
            || bindAddress.equals("::1"))) {
      if (LOOPBACK_WARNED.compareAndSet(false, true)) {
        LOG.warn(
            "H2 binds its servers to {}, not 127.0.0.1 (it was loaded before Bosun set"
                + " h2.bindAddress): the embedded database's auto-server can be reached from other"
                + " hosts, though only with its key and password; start the JVM with"
                + " -Dh2.bindAddress=127.0.0.1",
            bindAddress == null ? "every interface" : bindAddress);
      }
    }
  }

  /** Makes every file of the embedded database readable and writable by its owner only. */
  static void restrictFiles(Path stateDir) {
    for (String name : FILES) {
      StateDirectory.restrictToOwner(stateDir.resolve(name));
    }
  }

  private static Credentials loadOrCreate(Path file) {
    for (int attempt = 0; ; attempt++) {
      try {
        return load(file);
      } catch (NoSuchFileException e) {
        // create it below
      } catch (IOException e) {
        throw new DatabaseException(
            "Cannot read the credentials of the embedded database from " + file + ": " + e, e);
      }
      Credentials fresh = new Credentials("BOSUN", randomSecret());
      try {
        save(file, fresh);
        return fresh;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 3) {
          throw new DatabaseException(
              "Cannot read or create the credentials of the embedded database in " + file, e);
        }
        // another process made them at the same moment: read theirs
      } catch (IOException e) {
        throw new DatabaseException(
            "Cannot save the credentials of the embedded database to " + file + ": " + e, e);
      }
    }
  }

  private static Credentials load(Path file) throws IOException {
    StateDirectory.restrictToOwner(file);
    Properties properties = new Properties();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    String user = properties.getProperty("user", "");
    String password = properties.getProperty("password", "");
    if (!user.matches("[A-Za-z][A-Za-z0-9_]*") || !password.matches("[0-9A-Za-z]{16,}")) {
      throw new DatabaseException(
          file
              + " does not hold a user (letters, digits, _) and a password (16 or more letters and digits)"
              + " for the embedded database; restore it from a backup,"
              + " or move the database files (bosun.*) in "
              + file.getParent()
              + " away to start with an empty services table");
    }
    return new Credentials(user, password);
  }

  /** Writes a new file with mode 0600 from birth; fails when it exists. */
  private static void save(Path file, Credentials credentials) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), ".credentials-", ".tmp", posix(file));
    try {
      StateDirectory.restrictToOwner(temporary);
      Files.writeString(
          temporary,
          "# The user and password of Bosun's embedded H2 database. Keep this file secret.\n"
              + "user="
              + credentials.user()
              + "\npassword="
              + credentials.password()
              + "\n",
          StandardCharsets.UTF_8);
      Files.createLink(file, temporary); // atomic, and fails when another process was first
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static java.nio.file.attribute.FileAttribute<?>[] posix(Path file) {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new java.nio.file.attribute.FileAttribute<?>[0];
    }
    return new java.nio.file.attribute.FileAttribute<?>[] {
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
    };
  }

  private static String randomSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Gives a database made before Bosun kept credentials (H2's empty user and password) the saved
   * ones, and removes the empty user. Does nothing when the saved credentials work.
   */
  private static void rekeyIfOld(Path stateDir, String url, Credentials credentials) {
    String existing = url.contains(";IFEXISTS=") ? url : url + ";IFEXISTS=TRUE";
    try (Connection ignored =
        DriverManager.getConnection(existing, credentials.user(), credentials.password())) {
      return;
    } catch (SQLException e) {
      if (!isWrongPassword(e)) {
        throw new DatabaseException(
            "Cannot open the embedded database in " + stateDir + ": " + Database.cause(e), e);
      }
    }
    try (Connection old = DriverManager.getConnection(existing, "", "");
        Statement statement = old.createStatement()) {
      statement.execute(
          "CREATE USER " + credentials.user() + " PASSWORD '" + credentials.password() + "' ADMIN");
    } catch (SQLException e) {
      throw new DatabaseException(
          "The embedded database in "
              + stateDir
              + " does not accept the user and password in "
              + stateDir.resolve(CREDENTIALS_FILE)
              + "; restore that file from a backup, or move the database files (bosun.*) away to"
              + " start with an empty services table ("
              + Database.cause(e)
              + ")",
          e);
    }
    try (Connection keyed =
            DriverManager.getConnection(existing, credentials.user(), credentials.password());
        Statement statement = keyed.createStatement()) {
      statement.execute("DROP USER \"\"");
    } catch (SQLException e) {
      throw new DatabaseException(
          "Could not remove the empty user of the embedded database in "
              + stateDir
              + ": "
              + Database.cause(e),
          e);
    }
    LOG.warn(
        "The embedded database in {} had an empty password, which let any local user in;"
            + " it now has the user and password in {} (readable by its owner only)",
        stateDir,
        stateDir.resolve(CREDENTIALS_FILE));
  }

  private static boolean isWrongPassword(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("28")) {
        return true;
      }
    }
    return false;
  }
}
