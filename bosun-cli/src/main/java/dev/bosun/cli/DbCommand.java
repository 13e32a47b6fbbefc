package dev.bosun.cli;

import dev.bosun.db.Database;
import dev.bosun.db.SchemaVersion;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code bosun db sync|version}: nova-manage's {@code db sync} and {@code db version}. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Create or upgrade the database schema, or show its version.",
    subcommands = {DbCommand.Sync.class, DbCommand.Version.class})
final class DbCommand implements Runnable {
  static final String CONFIG_ARGS_HELP =
      "Takes the same --config-file, --config-dir and "
          + "--name VALUE arguments as 'run' ('bosun run --help' lists them), e.g. --database-connection URL.";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A command on the database that its config arguments name; they are all it takes. */
  abstract static class OnDatabase implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Unmatched List<String> configArgs = new ArrayList<>();

    @Override
    public final Integer call() {
      return DatabaseAccess.withDatabase(
          spec, configArgs, createsEmbedded(), (database, config, out) -> run(database, out));
    }

    /** Whether the command creates the embedded database when it does not exist yet. */
    abstract boolean createsEmbedded();

    /** Does the command's work on {@code database}, prints what it did, returns the exit code. */
    abstract int run(Database database, PrintWriter out);
  }

  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      customSynopsis = "bosun db sync [CONFIG ARGS]",
      description = {
        "Create or upgrade the database schema.",
        "Creates the schema of the database named by [database] connection, or applies the "
            + "migrations it lacks, and prints what was done (nova-manage db sync). Does "
            + "nothing on a current schema; safe to run from several hosts at once.",
        CONFIG_ARGS_HELP
      },
      footer = {
        "",
        DatabaseAccess.DB_EXIT_CODES,
        "A schema newer than this Bosun is not touched: exit code 1.",
        ""
      })
  static final class Sync extends OnDatabase {
    @Override
    boolean createsEmbedded() {
      return true;
    }

    @Override
    int run(Database database, PrintWriter out) {
      SchemaVersion before = database.version();
      SchemaVersion after = database.sync();
      String from = before.current().orElse("(none)");
      String to = after.current().orElse("(none)");
      if (before.current().equals(after.current())) {
        out.println(
            "Database "
                + database.describe()
                + " is at schema version "
                + to
                + ", the latest; nothing to do");
      } else {
        out.println(
            "Database "
                + database.describe()
                + " migrated from schema version "
                + from
                + " to "
                + to);
      }
      return Main.EXIT_OK;
    }
  }

  @Command(
      name = "version",
      mixinStandardHelpOptions = true,
      customSynopsis = "bosun db version [CONFIG ARGS]",
      description = {
        "Show the schema version and whether 'bosun db sync' is needed.",
        "Prints the schema version of the database named by [database] connection, the "
            + "latest this Bosun has, and whether 'bosun db sync' is needed "
            + "(nova-manage db version).",
        CONFIG_ARGS_HELP
      },
      footer = {
        "",
        DatabaseAccess.DB_EXIT_CODES,
        "A database with no schema at all exits 1 (run 'bosun db sync'); a schema that is not "
            + "current exits 0: the status line says so.",
        ""
      })
  static final class Version extends OnDatabase {
    @Override
    boolean createsEmbedded() {
      return false;
    }

    @Override
    int run(Database database, PrintWriter out) {
      SchemaVersion version = database.version();
      out.println("database: " + database.describe());
      out.println("current:  " + version.current().orElse("(none)"));
      out.println("latest:   " + version.latest());
      out.println("status:   " + version.statusText());
      return version.current().isPresent() ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
  }
}
