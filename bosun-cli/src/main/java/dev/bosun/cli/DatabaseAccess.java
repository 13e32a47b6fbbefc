package dev.bosun.cli;

import dev.bosun.config.Config;
import dev.bosun.db.Database;
import dev.bosun.db.DatabaseException;
import dev.bosun.db.DatabaseOptions;
import dev.bosun.servicegroup.ServiceNotFoundException;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.servicegroup.ServiceStoreException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the {@code db} and {@code service} commands share: load the configuration from their
 * arguments, open the database it names, run, close, and turn database errors into one line on
 * standard error and exit code {@value Main#EXIT_FAILURE}. Configuration errors are left to {@link
 * Main} (exit code {@value Main#EXIT_USAGE}).
 */
final class DatabaseAccess {
  /** The exit codes of the {@code service} commands, for their help. */
  static final String EXIT_CODES =
      "Exit codes: 0 done; 1 the database cannot be reached, "
          + "there is no embedded database under state_path (it is not created), its schema is not "
          + "current, or no such service; 2 bad command line or configuration.";

  /** The exit codes of the {@code db} commands, for their help. */
  static final String DB_EXIT_CODES =
      "Exit codes: 0 done; 1 the database cannot be reached "
          + "(db version: or there is no embedded database under state_path, it creates none, or "
          + "the database has no schema) or refused the change; 2 bad command line or "
          + "configuration.";

  private DatabaseAccess() {}

  @FunctionalInterface
  interface DatabaseBody {
    int run(Database database, Config config, PrintWriter out);
  }

  @FunctionalInterface
  interface StoreBody {
    int run(ServiceStore store, PrintWriter out);
  }

  /**
   * Runs {@code body} on the database that {@code configArgs} name; returns the exit code.
   *
   * @param createEmbedded whether the embedded default database is created when it does not exist
   *     yet ({@code db sync}); when false, a missing one fails the command saying where it was
   *     looked for, since creating it (in the wrong directory, most likely) helps nobody
   */
  static int withDatabase(
      CommandSpec spec, List<String> configArgs, boolean createEmbedded, DatabaseBody body) {
    Config config = ConfigLoader.load(configArgs);
    config.warnUnknown();
    PrintWriter out = spec.commandLine().getOut();
    Database database;
    try {
      Optional<Database> opened = openDatabase(spec, config, createEmbedded);
      if (opened.isEmpty()) {
        return Main.EXIT_FAILURE;
      }
      database = opened.get();
    } catch (DatabaseException e) {
      return fail(spec, String.valueOf(e.getMessage()));
    }
    long timeout = config.get(DatabaseOptions.POOL_TIMEOUT).toSeconds();
    PrintWriter stdout = out;
    try (Progress progress =
        Progress.start(
            spec.commandLine().getErr(),
            Terminal.current(),
            seconds ->
                "waiting for the database "
                    + database.describe()
                    + " ("
                    + seconds
                    + " s; [database] pool_timeout is "
                    + timeout
                    + " s per connection attempt)")) {
      // the first output ends the progress line, so that the two never mix
      PrintWriter guarded = new PrintWriter(progress.endBefore(stdout));
      int code = body.run(database, config, guarded);
      progress.close();
      guarded.flush();
      return code;
    } catch (ServiceNotFoundException e) {
      return fail(
          spec,
          "No service '"
              + e.binary()
              + "' on host '"
              + e.host()
              + "'; 'bosun service list' shows the services");
    } catch (DatabaseException | ServiceStoreException e) {
      return fail(spec, String.valueOf(e.getMessage()));
    } finally {
      // after the message: a pool that never connected may take up to pool_timeout to close
      database.close();
    }
  }

  /** The database; empty when there is no embedded one to use, the error written. */
  private static Optional<Database> openDatabase(
      CommandSpec spec, Config config, boolean createEmbedded) {
    if (createEmbedded) {
      return Optional.of(DatabaseOptions.open(config));
    }
    Optional<Database> existing = DatabaseOptions.openExisting(config);
    if (existing.isEmpty()) {
      fail(
          spec,
          "no embedded database under state_path "
              + DatabaseOptions.statePath(config)
              + "; run the service there, pass --state-path, "
              + "or set --database-connection");
    }
    return existing;
  }

  /**
   * Runs {@code body} on the services table; a schema that is not current fails with the message
   * saying to run {@code bosun db sync}, nothing is migrated, and a missing embedded database is
   * not created.
   */
  static int withStore(CommandSpec spec, List<String> configArgs, StoreBody body) {
    return withDatabase(
        spec,
        configArgs,
        false,
        (database, config, out) ->
            body.run(database.serviceStore(DatabaseOptions.serviceDownTime(config)), out));
  }

  private static int fail(CommandSpec spec, String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("bosun: " + oneLine(message));
    err.flush();
    return Main.EXIT_FAILURE;
  }

  static String oneLine(String message) {
    return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
