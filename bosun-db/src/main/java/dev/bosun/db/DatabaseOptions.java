package dev.bosun.db;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.config.Opt;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.OptionProvider;
import dev.bosun.service.ServiceOptions;
import dev.bosun.service.StateDirectory;
import dev.bosun.servicegroup.ServiceGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code [database]} options, with oslo.db's names where oslo.db has the option, and the one
 * place that turns a {@link Config} into a {@link Database}: the CLI and the service wiring both
 * call {@link #open(Config)} and {@link #serviceDownTime(Config)}.
 *
 * <pre>{@code
 * try (Database db = DatabaseOptions.open(config)) {
 *   ServiceStore store = db.serviceStore(DatabaseOptions.serviceDownTime(config));
 * }
 * }</pre>
 *
 * <p>Where Bosun differs from oslo.db: {@code connection} has no fixed default but falls back to an
 * H2 file under {@code state_path}, so a single process works with no configuration (oslo.db's
 * default is no database at all); {@code pool_timeout} is a duration with a default of 5 s
 * (oslo.db: integer seconds, no default, so SQLAlchemy's 30 s); {@code statement_timeout} is
 * Bosun's own: no statement, the heartbeat's above all, may hang on a database that stopped
 * answering. {@code max_retries} (10) and {@code retry_interval} (10 s) keep oslo.db's names and
 * defaults, and {@code max_retries} counts retries after the first attempt (see {@link
 * Database#awaitReachable()}).
 */
public final class DatabaseOptions implements OptionProvider {
  /** The section name. */
  public static final String GROUP = "database";

  public static final Opt<String> CONNECTION =
      Opt.string("connection")
          .group(GROUP)
          .secretPassword()
          .help(
              "JDBC URL of the database that holds the services table, e.g. "
                  + "jdbc:postgresql://db.example:5432/bosun?user=bosun&password=secret or "
                  + "jdbc:h2:file:/var/lib/bosun/bosun. When not set, Bosun uses an embedded H2 file "
                  + "database, bosun.mv.db in state_path. Its password is secret. Create or "
                  + "upgrade the schema with 'bosun db sync'.")
          .build();

  public static final Opt<Integer> MAX_POOL_SIZE =
      Opt.integer("max_pool_size")
          .group(GROUP)
          .defaultValue(5)
          .min(1)
          .help("Most connections a process keeps open to the database.")
          .build();

  public static final Opt<Duration> POOL_TIMEOUT =
      Opt.duration("pool_timeout")
          .group(GROUP)
          .defaultValue(Duration.ofSeconds(5))
          .min(Duration.ofMillis(250))
          .help(
              "How long to wait for a database connection (a free one from the pool, or a new "
                  + "one) before the operation fails. A plain number is seconds.")
          .build();

  public static final Opt<Duration> STATEMENT_TIMEOUT =
      Opt.duration("statement_timeout")
          .group(GROUP)
          .defaultValue(Duration.ofSeconds(10))
          .min(Duration.ofSeconds(1))
          .help(
              "How long one SQL statement may run before it is cancelled and the operation "
                  + "fails, so that nothing (a heartbeat above all) hangs on a database that stopped "
                  + "answering. A plain number is seconds.")
          .build();

  public static final Opt<Integer> MAX_RETRIES =
      Opt.integer("max_retries")
          .group(GROUP)
          .defaultValue(10)
          .min(-1)
          .help(
              "How many times a service tries again to reach the database at start, "
                  + "retry_interval apart, before it exits; -1 tries for ever.")
          .build();

  public static final Opt<Duration> RETRY_INTERVAL =
      Opt.duration("retry_interval")
          .group(GROUP)
          .defaultValue(Duration.ofSeconds(10))
          .min(Duration.ofMillis(100))
          .help(
              "How long a service waits between two attempts to reach the database at start. "
                  + "A plain number is seconds.")
          .build();

  /** All of the above, in the {@code [database]} group. */
  public static final List<Opt<?>> ALL =
      List.of(
          CONNECTION, MAX_POOL_SIZE, POOL_TIMEOUT, STATEMENT_TIMEOUT, MAX_RETRIES, RETRY_INTERVAL);

  @Override
  public List<OptionGroup> optionGroups() {
    return List.of(group());
  }

  /** The {@code [database]} group. */
  public static OptionGroup group() {
    return OptionGroup.of(
        GROUP, "The database that holds the services table.", ALL.toArray(new Opt<?>[0]));
  }

  /**
   * The JDBC URL to use: {@code [database] connection}, else {@link Database#defaultUrl(Path)} of
   * {@code [DEFAULT] state_path}. Registers the options it reads when {@code config} lacks them.
   *
   * @throws ConfigException when the connection is not a JDBC URL, no JDBC driver on the class path
   *     takes it, it carries settings that run SQL, load classes or write files (H2's INIT,
   *     PostgreSQL's socketFactory, ...), or state_path is not a path
   */
  public static String connection(Config config) {
    register(config);
    Optional<String> url = config.find(CONNECTION).map(String::strip).filter(u -> !u.isEmpty());
    if (url.isPresent()) {
      if (!url.get().startsWith("jdbc:")) {
        throw new ConfigException(
            "[database] connection must be a JDBC URL such as "
                + "jdbc:postgresql://db.example:5432/bosun or jdbc:h2:file:/var/lib/bosun/bosun, "
                + "found '"
                + Database.maskPassword(url.get())
                + "'");
      }
      try {
        Database.checkDriver(url.get());
        ConnectionSettings.check(url.get());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(String.valueOf(e.getMessage()), e);
      }
      return url.get();
    }
    String statePath = config.get(ServiceOptions.STATE_PATH);
    try {
      return Database.defaultUrl(Path.of(statePath));
    } catch (IllegalArgumentException e) { // InvalidPathException too
      throw new ConfigException(
          "[DEFAULT] state_path '"
              + statePath
              + "' cannot hold the "
              + "embedded database ("
              + e.getMessage()
              + "); set state_path, or set [database] "
              + "connection",
          e);
    }
  }

  /**
   * The database that {@code config} names, with its pool settings; not yet connected (see {@link
   * Database}). The caller closes it.
   *
   * <p>The embedded default ({@code [database] connection} unset) is kept safe from other local
   * users: the state directory is created {@code 0700} (an existing one that others may write to is
   * refused, see {@link StateDirectory}), the database's files are made {@code 0600}, and the
   * database has a random user and password kept in {@code bosun.credentials} in that directory.
   * Opening it reads (or makes) them, and connects once when the database file exists, to give a
   * database made by an older Bosun (with H2's empty password) the new ones.
   *
   * @throws ConfigException when the options are wrong, or the state directory is not safe
   * @throws DatabaseException when the embedded database refuses its credentials
   */
  public static Database open(Config config) {
    String url = connection(config); // checks state_path before anything is made
    if (isEmbedded(config)) {
      return openEmbedded(config, StateDirectory.prepare(statePath(config)), url);
    }
    return open(config, url);
  }

  private static Database open(Config config, String url) {
    return builder(config, url).open();
  }

  private static Database.Builder builder(Config config, String url) {
    return Database.builder(url)
        .maxPoolSize(config.get(MAX_POOL_SIZE))
        .poolTimeout(config.get(POOL_TIMEOUT))
        .statementTimeout(config.get(STATEMENT_TIMEOUT))
        .maxRetries(config.get(MAX_RETRIES))
        .retryInterval(config.get(RETRY_INTERVAL));
  }

  private static Database openEmbedded(Config config, Path stateDir, String url) {
    EmbeddedDatabase.warnUnlessLoopback();
    EmbeddedDatabase.Credentials credentials = EmbeddedDatabase.credentials(stateDir, url);
    return builder(config, url)
        .credentials(credentials.user(), credentials.password())
        .afterConnect(() -> EmbeddedDatabase.restrictFiles(stateDir))
        .open();
  }

  /**
   * {@link #open(Config)} for a command that only reads or changes rows ({@code bosun service
   * list}, {@code bosun db version}): never creates the embedded default database. When {@code
   * [database] connection} is not set and {@code state_path} holds no embedded database, returns
   * empty (the caller says where it looked, {@link #statePath(Config)}); else the database is
   * opened, the embedded one with H2's {@code IFEXISTS=TRUE}, so that it is not created even if its
   * file goes in the meantime (the first operation then fails), after its state directory is
   * checked as by {@link #open(Config)}. A configured {@code connection} is opened as by {@link
   * #open(Config)}: whether a server creates a database on connect is its business.
   *
   * @throws ConfigException when the options are wrong, or the state directory is not safe
   * @throws DatabaseException when the embedded database refuses its credentials
   */
  public static Optional<Database> openExisting(Config config) {
    String url = connection(config);
    if (!isEmbedded(config)) {
      return Optional.of(open(config, url));
    }
    Path stateDir = statePath(config);
    if (Files.isDirectory(stateDir) && !Files.isExecutable(stateDir)) {
      throw new ConfigException(
          "cannot enter the state directory "
              + stateDir
              + " ([DEFAULT] state_path): only "
              + owner(stateDir)
              + " may; run the command as "
              + owner(stateDir)
              + " (sudo -u "
              + owner(stateDir)
              + " bosun ...)");
    }
    if (!Files.exists(Database.defaultFile(stateDir))) {
      return Optional.empty();
    }
    StateDirectory.check(stateDir);
    return Optional.of(openEmbedded(config, stateDir, url + ";IFEXISTS=TRUE"));
  }

  private static String owner(Path path) {
    try {
      return Files.getOwner(path).getName();
    } catch (java.io.IOException e) {
      return "its owner";
    }
  }

  /** Whether {@code [database] connection} is unset, so the embedded database is used. */
  public static boolean isEmbedded(Config config) {
    register(config);
    return config.find(CONNECTION).map(String::strip).filter(u -> !u.isEmpty()).isEmpty();
  }

  /**
   * {@code [DEFAULT] state_path} as an absolute path: where the embedded database is.
   *
   * @throws ConfigException when it is not a path
   */
  public static Path statePath(Config config) {
    register(config);
    String statePath = config.get(ServiceOptions.STATE_PATH);
    try {
      return Path.of(statePath).toAbsolutePath().normalize();
    } catch (IllegalArgumentException e) { // InvalidPathException
      throw new ConfigException(
          "[DEFAULT] state_path '"
              + statePath
              + "' is not a path ("
              + e.getMessage()
              + "); set state_path, or set [database] connection",
          e);
    }
  }

  /**
   * {@code [DEFAULT] service_down_time} after nova's rule ({@link
   * ServiceGroup#effectiveServiceDownTime}): raised to 2.5 x {@code report_interval}, with a
   * warning, when it is not larger. A {@code report_interval} of zero (heartbeats off) leaves it as
   * set.
   *
   * @throws ConfigException when service_down_time is not positive
   */
  public static Duration serviceDownTime(Config config) {
    register(config);
    Duration reportInterval = config.get(ServiceOptions.REPORT_INTERVAL);
    Duration serviceDownTime = config.get(ServiceOptions.SERVICE_DOWN_TIME);
    if (serviceDownTime.isNegative() || serviceDownTime.isZero()) {
      throw new ConfigException(
          "[DEFAULT] service_down_time must be > 0, found " + serviceDownTime.toSeconds() + " s");
    }
    if (reportInterval.isNegative() || reportInterval.isZero()) {
      return serviceDownTime;
    }
    return ServiceGroup.effectiveServiceDownTime(reportInterval, serviceDownTime);
  }

  private static void register(Config config) {
    if (config.option(GROUP, CONNECTION.name()).isEmpty()) {
      config.register(group());
    }
    if (config.option("DEFAULT", ServiceOptions.STATE_PATH.name()).isEmpty()) {
      config.register(ServiceOptions.ALL);
    }
  }
}
