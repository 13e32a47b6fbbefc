package dev.bosun.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.bosun.config.Secrets;
import dev.bosun.servicegroup.ServiceStore;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database named by {@code [database] connection}: a HikariCP pool, Bosun's schema (Flyway
 * migrations under {@code db/migration/bosun}, history table {@code bosun_schema_history}), and the
 * stores built on them.
 *
 * <pre>{@code
 * try (Database db = Database.open(url)) {
 *   ServiceStore store = db.serviceStore(serviceDownTime); // throws SchemaMismatchException
 *   ...
 * }
 * }</pre>
 *
 * <p>Opening does not connect: a database that is down at start-up fails the first operation, with
 * a {@link DatabaseException} naming it, unless the caller first waits for it with {@link
 * #awaitReachable()} ({@code bosun run} does). Every connection attempt gives up after {@code
 * poolTimeout}, every statement after {@code statementTimeout}, so no caller (the heartbeat above
 * all) can hang on a dead database. Safe for use from any thread.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  static final String MIGRATIONS = "classpath:db/migration/bosun";
  static final String HISTORY_TABLE = "bosun_schema_history";

  /**
   * The latest schema version under {@link #MIGRATIONS}, so that a read-only command can check the
   * schema with one query instead of Flyway's scan of the class path; a test checks it against
   * Flyway's. Raise it with every new migration.
   */
  static final String LATEST_SCHEMA = "1";

  /** The forms of {@code [database] connection} that the bundled drivers take. */
  static final String ACCEPTED_FORMS =
      "jdbc:h2:file:/path/to/bosun, jdbc:h2:mem:name, "
          + "jdbc:h2:tcp://host[:port]/path (H2) or "
          + "jdbc:postgresql://host[:port]/database[?user=...&password=...] (PostgreSQL)";

  private final String url;
  private final String description;
  private final Duration statementTimeout;
  private final Duration poolTimeout;
  private final int maxRetries;
  private final Duration retryInterval;
  private final HikariDataSource pool;
  private volatile boolean closed;

  static {
    // H2's auto-server, which lets a second process (bosun service list) use the file that a
    // running service holds, listens with -tcpAllowOthers: keep its socket on the loopback
    // interface. H2 reads the property once, when its first class loads; Bosun touches H2 only
    // after this class.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
  }

  private final Runnable afterConnect;

  private Database(Builder builder) {
    if (builder.password.map(String::isEmpty).orElse(true)
        && ConnectionSettings.startsAutoServerWithoutPassword(builder.url)) {
      throw new IllegalArgumentException(
          "'"
              + maskPassword(builder.url)
              + "' starts H2's auto-server with an empty password, which lets every local user"
              + " connect; open the embedded database with DatabaseOptions.open(config), which"
              + " gives it a secret");
    }
    this.url = builder.url;
    this.afterConnect = builder.afterConnect;
    this.description = maskPassword(builder.url);
    this.statementTimeout = builder.statementTimeout;
    this.poolTimeout = builder.poolTimeout;
    this.maxRetries = builder.maxRetries;
    this.retryInterval = builder.retryInterval;
    HikariConfig config = new HikariConfig();
    config.setPoolName("bosun-db");
    config.setJdbcUrl(builder.url);
    config.setMaximumPoolSize(builder.maxPoolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(builder.poolTimeout.toMillis());
    config.setValidationTimeout(Math.max(250, Math.min(builder.poolTimeout.toMillis() / 2, 5000)));
    config.setInitializationFailTimeout(-1);
    builder.user.ifPresent(config::setUsername);
    builder.password.ifPresent(config::setPassword);
    if (isPostgresql()) {
      long seconds = Math.max(1, builder.poolTimeout.toSeconds());
      putIfAbsent(config, "connectTimeout", Long.toString(seconds));
      putIfAbsent(config, "loginTimeout", Long.toString(seconds));
      // a statement that the server never answers (network cut, not closed) ends here
      putIfAbsent(
          config,
          "socketTimeout",
          Long.toString(Math.max(1, builder.statementTimeout.toSeconds()) + seconds));
    }
    this.pool = new HikariDataSource(config);
  }

  /** A database with default settings; see {@link Builder}. */
  public static Database open(String jdbcUrl) {
    return builder(jdbcUrl).open();
  }

  /**
   * Settings for the database at {@code jdbcUrl} ({@code jdbc:h2:...}, {@code
   * jdbc:postgresql:...}).
   *
   * @throws IllegalArgumentException when {@code jdbcUrl} is not a JDBC URL that a driver on the
   *     class path takes (the message masks the password and lists the accepted forms)
   */
  public static Builder builder(String jdbcUrl) {
    return new Builder(jdbcUrl);
  }

  /**
   * The embedded default of {@code [database] connection}: an H2 file {@code bosun.mv.db} in {@code
   * stateDir}, so a restart keeps the rows. {@code AUTO_SERVER=TRUE} lets other processes of the
   * same user (the operator commands) use the file while a service holds it: the first process
   * serves it on an ephemeral port bound to 127.0.0.1 only, and a connection needs the server's key
   * (in {@code bosun.lock.db}) and the database's user and password (in {@code bosun.credentials}),
   * both in files only that user can read; {@link DatabaseOptions#open} takes care of it.
   */
  public static String defaultUrl(Path stateDir) {
    String raw = stateDir.toAbsolutePath().normalize().toString();
    if (java.io.File.separatorChar == '/' && raw.contains("\\")) {
      // H2 reads a backslash as an escape: the database would land elsewhere than the directory
      // Bosun made owner-only
      throw new IllegalArgumentException(
          "state directory must not contain '\\' (H2 reads it as an escape), found " + raw);
    }
    String dir = raw.replace('\\', '/');
    if (dir.contains(";")) {
      throw new IllegalArgumentException(
          "state directory must not contain ';' (H2 reads it as a setting), found " + dir);
    }
    return "jdbc:h2:file:" + dir + "/bosun;AUTO_SERVER=TRUE";
  }

  /** The file of the embedded default database in {@code stateDir}, see {@link #defaultUrl}. */
  static Path defaultFile(Path stateDir) {
    return stateDir.toAbsolutePath().normalize().resolve("bosun.mv.db");
  }

  /** {@code url} with any password replaced by {@code ***}, for logs and messages. */
  public static String maskPassword(String url) {
    return Secrets.maskUrl(url);
  }

  /** The URL with its password masked. */
  public String describe() {
    return description;
  }

  /** The pool, for managers that keep tables of their own (with their own migrations). */
  public DataSource dataSource() {
    return pool;
  }

  /** How long a statement may run; every Bosun statement sets it as its query timeout. */
  public Duration statementTimeout() {
    return statementTimeout;
  }

  /**
   * Waits until the database answers, as oslo.db does when a service starts: one check per attempt
   * (a connection from the pool, validated with {@link java.sql.Connection#isValid}, each bounded
   * by {@code pool_timeout}), and after a failure another attempt {@code retry_interval} later, up
   * to {@code max_retries} retries ({@code -1}: forever). Each failed attempt that is retried is
   * logged at WARN with the masked URL, the attempt number and the next delay; a success after
   * failures is logged at INFO. Runs on the calling thread and returns at once when the database
   * answers the first time.
   *
   * <p>Unlike oslo.db, {@code max_retries} counts retries after the first attempt (oslo.db makes
   * {@code max_retries} attempts in all, and none at 0), and a database that answers but refuses
   * the credentials (SQLSTATE class 28) or does not exist (3D000), or whose certificate fails the
   * checks of {@code sslmode} (an unknown CA, a host name it does not carry), fails at once:
   * waiting cannot fix the configuration.
   *
   * @throws DatabaseException when the database did not answer after the last attempt, refused the
   *     login, or this thread was interrupted; the message names the database and the cause
   */
  public void awaitReachable() {
    if (closed) {
      throw new IllegalStateException("database " + description + " is closed");
    }
    for (int attempt = 1; ; attempt++) {
      SQLException failure;
      try (java.sql.Connection connection = pool.getConnection()) {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, poolTimeout.toSeconds()));
        if (connection.isValid(seconds)) {
          afterConnect.run();
          if (attempt > 1) {
            LOG.info("Database {} answers after {} failed attempt(s)", description, attempt - 1);
          }
          return;
        }
        failure =
            new SQLException(
                "the connection did not pass its validity check within " + seconds + " s");
      } catch (SQLException e) {
        failure = e;
      }
      String sqlState = sqlState(failure);
      if (sqlState.startsWith("28") || sqlState.equals("3D000") || !tlsProblem(failure).isEmpty()) {
        throw new DatabaseException(
            "The database "
                + description
                + " refused the connection: "
                + cause(failure)
                + "; check [database] connection",
            failure);
      }
      if (maxRetries >= 0 && attempt > maxRetries) {
        throw new DatabaseException(
            "The database "
                + description
                + " did not answer after "
                + attempt
                + " attempt(s), "
                + retryInterval.toMillis()
                + " ms apart: "
                + cause(failure)
                + "; check that it is running and that [database] connection is"
                + " right ([database] max_retries and retry_interval set how long to wait)",
            failure);
      }
      LOG.warn(
          "The database {} does not answer (attempt {} of {}): {}; trying again in {} ms",
          description,
          attempt,
          maxRetries < 0 ? "unlimited" : Integer.toString(maxRetries + 1),
          cause(failure),
          retryInterval.toMillis());
      try {
        Thread.sleep(retryInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DatabaseException(
            "Interrupted while waiting for the database " + description + " to answer", e);
      }
    }
  }

  /** The SQLSTATE of the innermost SQL error that has one, else empty. */
  private static String sqlState(Throwable e) {
    String state = "";
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        state = sql.getSQLState();
      }
    }
    return state;
  }

  /** The schema's version compared with this Bosun's migrations ({@code bosun db version}). */
  public SchemaVersion version() {
    MigrationInfoService info = call("read the schema version of", () -> flyway().info());
    afterConnect.run();
    String latest =
        Arrays.stream(info.all())
            .filter(m -> m.getState().isResolved() && m.getVersion() != null)
            .map(MigrationInfo::getVersion)
            .max(Comparator.naturalOrder())
            .map(MigrationVersion::getVersion)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no migrations found under "
                            + MIGRATIONS
                            + "; the bosun-db jar is incomplete"));
    Optional<MigrationInfo> applied =
        Arrays.stream(info.applied())
            .filter(
                m -> m.getVersion() != null && m.getState().isApplied() && !m.getState().isFailed())
            .max(Comparator.comparing(MigrationInfo::getVersion));
    Optional<String> current = applied.map(m -> m.getVersion().getVersion());
    SchemaVersion.Status status;
    if (current.isEmpty()) {
      status = SchemaVersion.Status.UNINITIALIZED;
    } else {
      int c = applied.get().getVersion().compareTo(MigrationVersion.fromVersion(latest));
      boolean failed = Arrays.stream(info.applied()).anyMatch(m -> m.getState().isFailed());
      status =
          c > 0
              ? SchemaVersion.Status.AHEAD
              : c < 0 || failed || info.pending().length > 0
                  ? SchemaVersion.Status.BEHIND
                  : SchemaVersion.Status.CURRENT;
    }
    return new SchemaVersion(current, latest, status);
  }

  /**
   * Applies pending migrations ({@code bosun db sync}, nova's {@code nova-manage db sync}); does
   * nothing on a current schema. Safe to run from several processes at once.
   *
   * @return the version afterwards
   * @throws SchemaMismatchException when the schema is newer than this Bosun
   */
  public SchemaVersion sync() {
    SchemaVersion before = version();
    if (before.status() == SchemaVersion.Status.AHEAD) {
      throw new SchemaMismatchException(
          "The database "
              + description
              + " has schema version "
              + before.current().orElse("?")
              + ", newer than this Bosun's "
              + before.latest()
              + "; it cannot be downgraded. Run 'bosun db sync' with the newer Bosun",
          before);
    }
    call("migrate", () -> flyway().migrate());
    SchemaVersion after = version();
    if (!before.equals(after)) {
      LOG.info(
          "Database {} migrated from schema version {} to {}",
          description,
          before.current().orElse("(none)"),
          after.current().orElse("(none)"));
    }
    return after;
  }

  /**
   * Checks that the schema is the one this Bosun needs; a service calls it at start and exits on
   * the exception.
   *
   * @throws SchemaMismatchException naming what was found and what to run
   * @throws DatabaseException when the database cannot be reached
   */
  public void requireCurrentSchema() {
    if (isCurrentByHistory()) {
      return; // one query; Flyway (a class-path scan, hundreds of classes) only when not current
    }
    SchemaVersion version = version();
    String found = version.current().orElse("(none)");
    switch (version.status()) {
      case CURRENT:
        return;
      case UNINITIALIZED:
        throw new SchemaMismatchException(
            "The database "
                + description
                + " has no Bosun schema; run 'bosun db sync' to create it",
            version);
      case BEHIND:
        throw new SchemaMismatchException(
            "The database "
                + description
                + " has schema version "
                + found
                + " but this Bosun needs "
                + version.latest()
                + "; run 'bosun db sync' to upgrade it",
            version);
      case AHEAD:
      default:
        throw new SchemaMismatchException(
            "The database "
                + description
                + " has schema version "
                + found
                + ", newer than this Bosun's "
                + version.latest()
                + "; run the newer Bosun, or point [database] connection at another database",
            version);
    }
  }

  /**
   * The services table of this database, liveness judged with {@code serviceDownTime}. The store
   * shares this database's pool: closing the store does nothing, close the database.
   *
   * @throws SchemaMismatchException when the schema is not current
   */
  public ServiceStore serviceStore(Duration serviceDownTime) {
    requireCurrentSchema();
    return new JdbcServiceStore(this, serviceDownTime);
  }

  /** Closes the pool (and with it an embedded H2 database); idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      pool.close();
      afterConnect.run();
    }
  }

  HikariDataSource pool() {
    return pool;
  }

  int maxRetries() {
    return maxRetries;
  }

  Duration retryInterval() {
    return retryInterval;
  }

  /**
   * Whether the schema history says the schema is at {@link #LATEST_SCHEMA} with no failed
   * migration, by one query. False when the table is missing or says anything else: the caller then
   * asks Flyway, whose answer gives the exact message.
   *
   * @throws DatabaseException when no connection can be had (so that it is not waited for twice)
   */
  private boolean isCurrentByHistory() {
    if (closed) {
      throw new IllegalStateException("database " + description + " is closed");
    }
    Connection connection;
    try {
      connection = pool.getConnection();
    } catch (SQLException e) {
      throw new DatabaseException(
          "Could not read the schema version of the database "
              + description
              + ": "
              + cause(e)
              + "; check that it is running and that [database] connection is right",
          e);
    }
    String latest = null;
    try (connection;
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT \"version\", \"success\" FROM \""
                    + HISTORY_TABLE
                    + "\" WHERE \"version\" IS NOT NULL")) {
      while (rows.next()) {
        if (!rows.getBoolean(2)) {
          return false;
        }
        String version = rows.getString(1);
        if (latest == null
            || MigrationVersion.fromVersion(version).compareTo(MigrationVersion.fromVersion(latest))
                > 0) {
          latest = version;
        }
      }
    } catch (SQLException e) {
      return false; // no history table, or not the one expected: Flyway says what it is
    }
    return latest != null
        && MigrationVersion.fromVersion(latest).equals(MigrationVersion.fromVersion(LATEST_SCHEMA));
  }

  private Flyway flyway() {
    return Flyway.configure(Database.class.getClassLoader())
        .dataSource(pool)
        .locations(MIGRATIONS)
        .table(HISTORY_TABLE)
        .load();
  }

  private <T> T call(String what, java.util.function.Supplier<T> action) {
    if (closed) {
      throw new IllegalStateException("database " + description + " is closed");
    }
    try {
      return action.get();
    } catch (FlywayException e) {
      throw new DatabaseException(
          "Could not "
              + what
              + " the database "
              + description
              + ": "
              + cause(e)
              + "; check that it is running and that [database] connection is right",
          e);
    }
  }

  /**
   * One line on what went wrong: the innermost SQL error's message (Flyway's own runs over many
   * lines, and Hikari's only says that it timed out), else Flyway's message with its lines joined.
   */
  static String cause(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    String tls = tlsProblem(e);
    return maskPassword(
        message.replaceAll("(?m)^-{3,}$", "").strip().replaceAll("\\s*\\R\\s*", " ")
            + (tls.isEmpty() ? "" : " (" + tls + ")"));
  }

  /**
   * What to check when {@code e} is a TLS connection the driver refused (PostgreSQL's {@code
   * sslmode=verify-ca} or {@code verify-full}), else empty.
   */
  static String tlsProblem(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "the server's certificate is not signed by a CA in sslrootcert (default"
            + " ~/.postgresql/root.crt); give the CA that signed it";
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("could not be verified by hostnameverifier")) {
        return "the server's certificate does not name the host of [database] connection"
            + " (sslmode=verify-full): connect by a name the certificate carries";
      }
      if (message.contains("SSL root certificate file")) {
        return "sslrootcert must name a readable PEM file of the CA that signed the server's"
            + " certificate";
      }
    }
    return "";
  }

  /**
   * Checks that a JDBC driver on the class path takes {@code url}, so that a typo such as {@code
   * jdbc:postgres:} is one line naming the accepted forms, not HikariCP's "Failed to get driver
   * instance" with a stack trace.
   *
   * @throws IllegalArgumentException naming the URL (password masked) and the accepted forms
   */
  static void checkDriver(String url) {
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      String lower = url.toLowerCase(Locale.ROOT);
      String hint =
          lower.startsWith("jdbc:postgres:")
                  || lower.startsWith("jdbc:pgsql:")
                  || lower.startsWith("jdbc:pg:")
              ? " (PostgreSQL's is jdbc:postgresql://)"
              : lower.startsWith("jdbc:h2:")
                  ? " (H2 is an optional dependency of bosun-db: add com.h2database:h2)"
                  : "";
      throw new IllegalArgumentException(
          "[database] connection '"
              + maskPassword(url)
              + "' is a JDBC URL that no driver of this Bosun takes"
              + hint
              + "; accepted forms: "
              + ACCEPTED_FORMS);
    }
  }

  private boolean isPostgresql() {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
  }

  private void putIfAbsent(HikariConfig config, String property, String value) {
    if (!url.toLowerCase(Locale.ROOT).contains(property.toLowerCase(Locale.ROOT) + "=")) {
      config.addDataSourceProperty(property, value);
    }
  }

  /** Settings of a {@link Database}; the names in brackets are the config options. */
  public static final class Builder {
    private final String url;
    private Optional<String> user = Optional.empty();
    private Optional<String> password = Optional.empty();
    private Runnable afterConnect = () -> {};
    private int maxPoolSize = 5;
    private Duration poolTimeout = Duration.ofSeconds(5);
    private Duration statementTimeout = Duration.ofSeconds(10);
    private int maxRetries = 10;
    private Duration retryInterval = Duration.ofSeconds(10);

    private Builder(String url) {
      if (url == null || !url.startsWith("jdbc:")) {
        throw new IllegalArgumentException(
            "[database] connection must be a JDBC URL such as"
                + " jdbc:h2:file:/var/lib/bosun/bosun or jdbc:postgresql://db.example/bosun, found '"
                + (url == null ? null : maskPassword(url))
                + "'");
      }
      checkDriver(url);
      this.url = url;
    }

    /** {@code [database] max_pool_size}: connections kept open, >= 1; default 5 (oslo.db's). */
    public Builder maxPoolSize(int maxPoolSize) {
      if (maxPoolSize < 1) {
        throw new IllegalArgumentException("max_pool_size must be >= 1, found " + maxPoolSize);
      }
      this.maxPoolSize = maxPoolSize;
      return this;
    }

    /**
     * {@code [database] pool_timeout}: how long to wait for a connection (from the pool, or a new
     * one) before failing, >= 250 ms; default 5 s.
     */
    public Builder poolTimeout(Duration poolTimeout) {
      if (poolTimeout == null || poolTimeout.toMillis() < 250) {
        throw new IllegalArgumentException("pool_timeout must be >= 250 ms, found " + poolTimeout);
      }
      this.poolTimeout = poolTimeout;
      return this;
    }

    /**
     * {@code [database] statement_timeout}: how long one statement may run, >= 1 s; default 10 s.
     */
    public Builder statementTimeout(Duration statementTimeout) {
      if (statementTimeout == null || statementTimeout.toSeconds() < 1) {
        throw new IllegalArgumentException(
            "statement_timeout must be >= 1 s, found " + statementTimeout);
      }
      this.statementTimeout = statementTimeout;
      return this;
    }

    /**
     * {@code [database] max_retries}: how many times {@link Database#awaitReachable()} tries again
     * after a failed first attempt, {@code -1} for ever; default 10 (oslo.db's).
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < -1) {
        throw new IllegalArgumentException(
            "max_retries must be >= -1 (-1: for ever), found " + maxRetries);
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * {@code [database] retry_interval}: the pause between two attempts of {@link
     * Database#awaitReachable()}, >= 100 ms; default 10 s (oslo.db's).
     */
    public Builder retryInterval(Duration retryInterval) {
      if (retryInterval == null || retryInterval.toMillis() < 100) {
        throw new IllegalArgumentException(
            "retry_interval must be >= 100 ms, found " + retryInterval);
      }
      this.retryInterval = retryInterval;
      return this;
    }

    /** The user and password to connect with, when the URL does not carry them. */
    Builder credentials(String user, String password) {
      this.user = Optional.of(user);
      this.password = Optional.of(password);
      return this;
    }

    /**
     * Runs after the database first answers, after each schema read and after close: the embedded
     * database makes the files H2 created readable by their owner only.
     */
    Builder afterConnect(Runnable afterConnect) {
      this.afterConnect = afterConnect;
      return this;
    }

    /** The database, not yet connected. */
    public Database open() {
      return new Database(this);
    }
  }
}
