package dev.bosun.cli;

import dev.bosun.servicegroup.ServiceFilter;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bosun service list|disable|enable|force-down|unforce-down|delete}: the services table, as
 * nova's {@code openstack compute service list/set/delete} shows and changes it.
 */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = "List the services in the services table, or change one.",
    subcommands = {
      ServiceCommand.ListServices.class,
      ServiceCommand.Disable.class,
      ServiceCommand.Enable.class,
      ServiceCommand.ForceDown.class,
      ServiceCommand.UnforceDown.class,
      ServiceCommand.Delete.class
    })
final class ServiceCommand implements Runnable {
  static final String CONFIG_ARGS_HELP =
      "Takes the same --config-file, --config-dir and "
          + "--name VALUE arguments as 'run' ('bosun run --help' lists them), e.g. "
          + "--database-connection URL, in any order with "
          + "the others.";
  static final String NOT_MIGRATED_HELP =
      "A database without the current schema is not "
          + "migrated: the command fails (exit code 1) and says to run 'bosun db sync'.";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** How {@code service list} prints. */
  enum Format {
    table,
    json
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      customSynopsis =
          "bosun service list [--host HOST] [--binary BINARY] [--format table|json]"
              + " [CONFIG ARGS]",
      description = {
        "List the live (not deleted) services.",
        "Status is enabled or disabled "
            + "(by an operator), state is up or down (by heartbeats as the database's clock "
            + "judges them, and forced-down); last seen is the last heartbeat, in UTC, as the "
            + "database recorded it.",
        CONFIG_ARGS_HELP
      },
      footer = {"", NOT_MIGRATED_HELP, DatabaseAccess.EXIT_CODES, ""})
  static final class ListServices implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Only the services on HOST.")
    Optional<String> host;

    @Option(
        names = "--binary",
        paramLabel = "BINARY",
        description = "Only the services of program BINARY, e.g. bosun-volume.")
    Optional<String> binary;

    @Option(
        names = "--format",
        defaultValue = "table",
        paramLabel = "FORMAT",
        description =
            "table or json (default: ${DEFAULT-VALUE}). json is an array of objects "
                + "with the table's fields and forced_down, uuid, rpc_current_version and "
                + "report_count.")
    Format format;

    @Unmatched List<String> unmatched = new ArrayList<>();

    @Override
    public Integer call() {
      ConfigArgs.Split args = ConfigArgs.split(unmatched);
      if (!args.positionals().isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "'service list' takes no arguments but options, found "
                + String.join(" ", args.positionals()));
      }
      ServiceFilter filter = ServiceFilter.all();
      try {
        if (host.isPresent()) {
          filter = filter.withHost(host.get());
        }
        if (binary.isPresent()) {
          filter = filter.withBinary(binary.get());
        }
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      ServiceFilter chosen = filter;
      return DatabaseAccess.withStore(
          spec,
          args.configArgs(),
          (store, out) -> {
            List<ServiceRecord> records = store.list(chosen);
            if (format == Format.json) {
              out.println(
                  JsonMapper.builder()
                      .build()
                      .writerWithDefaultPrettyPrinter()
                      .writeValueAsString(records.stream().map(ServiceCommand::json).toList()));
            } else {
              out.print(table(records, Terminal.current().width()));
            }
            return Main.EXIT_OK;
          });
    }
  }

  static String table(List<ServiceRecord> records, OptionalInt width) {
    Table table =
        new Table(
            "ID",
            "BINARY",
            "HOST",
            "TOPIC",
            "STATUS",
            "STATE",
            "LAST SEEN",
            "VERSION",
            "DISABLED REASON");
    for (ServiceRecord r : records) {
      table.add(
          Long.toString(r.id()),
          r.binary(),
          r.host(),
          r.topic(),
          status(r),
          state(r),
          r.lastSeenUp().map(t -> t.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-"),
          Integer.toString(r.version()),
          r.disabledReason().map(s -> s.replace("\n", " ")).orElse("-"));
    }
    return table.render(width);
  }

  static Map<String, Object> json(ServiceRecord r) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", r.id());
    row.put("binary", r.binary());
    row.put("host", r.host());
    row.put("topic", r.topic());
    row.put("status", status(r));
    row.put("state", state(r));
    row.put("last_seen", r.lastSeenUp().map(Instant::toString).orElse(null));
    row.put("version", r.version());
    row.put("disabled_reason", r.disabledReason().orElse(null));
    row.put("forced_down", r.forcedDown());
    row.put("uuid", r.uuid());
    row.put("rpc_current_version", r.rpcCurrentVersion().orElse(null));
    row.put("report_count", r.reportCount());
    return row;
  }

  private static String status(ServiceRecord r) {
    return r.disabled() ? "disabled" : "enabled";
  }

  private static String state(ServiceRecord r) {
    return r.up() ? "up" : "down";
  }

  private static String name(ServiceRecord r) {
    return "service '" + r.binary() + "' on host '" + r.host() + "' (id " + r.id() + ")";
  }

  /**
   * A command on one service, named by {@code HOST BINARY}. The positional arguments are taken from
   * what picocli leaves unmatched (see {@link ConfigArgs}), so config arguments may come before,
   * between or after them.
   */
  abstract static class OneService implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Unmatched List<String> unmatched = new ArrayList<>();

    @Override
    public final Integer call() {
      ConfigArgs.Split args = ConfigArgs.split(unmatched);
      if (args.positionals().size() != 2) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "'service "
                + spec.name()
                + "' needs HOST and BINARY, e.g. 'bosun service "
                + spec.name()
                + " host1 bosun-volume', found "
                + (args.positionals().isEmpty() ? "none" : String.join(" ", args.positionals())));
      }
      String host = args.positionals().get(0);
      String binary = args.positionals().get(1);
      beforeOpen();
      return DatabaseAccess.withStore(
          spec,
          args.configArgs(),
          (store, out) -> {
            ServiceRecord before = store.get(host, binary);
            change(store, before, out);
            return Main.EXIT_OK;
          });
    }

    /** Checks the command's own options before the database is opened. */
    void beforeOpen() {}

    /** Changes the service whose row was {@code before}, and prints what changed. */
    abstract void change(ServiceStore store, ServiceRecord before, PrintWriter out);
  }

  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      customSynopsis = "bosun service disable [--reason TEXT] [CONFIG ARGS] HOST BINARY",
      description = {
        "Take a service out of scheduling.",
        "Disables the service BINARY on HOST (nova's 'service set --disable'). It keeps "
            + "running and stays up or down by its heartbeats.",
        CONFIG_ARGS_HELP
      },
      footer = {"", NOT_MIGRATED_HELP, DatabaseAccess.EXIT_CODES, ""})
  static final class Disable extends OneService {
    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why, shown by 'bosun service list'; at most 255 characters.")
    Optional<String> reason;

    @Override
    void beforeOpen() {
      if (reason.isPresent() && reason.get().length() > 255) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--reason must be at most 255 characters, found " + reason.get().length());
      }
    }

    @Override
    void change(ServiceStore store, ServiceRecord before, PrintWriter out) {
      ServiceRecord after = store.disable(before.host(), before.binary(), reason.orElse(""));
      String why = after.disabledReason().map(r -> "; reason: " + r).orElse("; no reason given");
      out.println((before.disabled() ? "Already disabled: " : "Disabled ") + name(after) + why);
    }
  }

  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      customSynopsis = "bosun service enable [CONFIG ARGS] HOST BINARY",
      description = {
        "Put a disabled service back into scheduling.",
        "Enables the service BINARY on HOST and clears its disabled reason (nova's "
            + "'service set --enable').",
        CONFIG_ARGS_HELP
      },
      footer = {"", NOT_MIGRATED_HELP, DatabaseAccess.EXIT_CODES, ""})
  static final class Enable extends OneService {
    @Override
    void change(ServiceStore store, ServiceRecord before, PrintWriter out) {
      ServiceRecord after = store.enable(before.host(), before.binary());
      out.println(
          before.disabled()
              ? "Enabled "
                  + name(after)
                  + before.disabledReason().map(r -> "; cleared reason: " + r).orElse("")
              : "Already enabled: " + name(after));
    }
  }

  @Command(
      name = "force-down",
      mixinStandardHelpOptions = true,
      customSynopsis = "bosun service force-down [CONFIG ARGS] HOST BINARY",
      description = {
        "Declare a service down whatever its heartbeats say.",
        "Forces the service BINARY on HOST down (nova's 'service set --down'), e.g. once "
            + "its host is known to be dead.",
        CONFIG_ARGS_HELP
      },
      footer = {"", NOT_MIGRATED_HELP, DatabaseAccess.EXIT_CODES, ""})
  static final class ForceDown extends OneService {
    @Override
    void change(ServiceStore store, ServiceRecord before, PrintWriter out) {
      ServiceRecord after = store.forceDown(before.host(), before.binary());
      out.println(
          (before.forcedDown() ? "Already forced down: " : "Forced down ")
              + name(after)
              + "; it counts as down until 'bosun service unforce-down "
              + after.host()
              + " "
              + after.binary()
              + "'");
    }
  }

  @Command(
      name = "unforce-down",
      mixinStandardHelpOptions = true,
      customSynopsis = "bosun service unforce-down [CONFIG ARGS] HOST BINARY",
      description = {
        "Let a forced-down service's heartbeats decide again.",
        "Clears forced_down of the service BINARY on HOST (nova's 'service set --up'): it is "
            + "up again once its heartbeats are recent.",
        CONFIG_ARGS_HELP
      },
      footer = {"", NOT_MIGRATED_HELP, DatabaseAccess.EXIT_CODES, ""})
  static final class UnforceDown extends OneService {
    @Override
    void change(ServiceStore store, ServiceRecord before, PrintWriter out) {
      ServiceRecord after = store.unforceDown(before.host(), before.binary());
      out.println(
          (before.forcedDown() ? "No longer forced down: " : "Was not forced down: ")
              + name(after)
              + "; by its heartbeats it is "
              + state(after));
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      customSynopsis = "bosun service delete [CONFIG ARGS] HOST BINARY",
      description = {
        "Remove a service from the services table.",
        "Deletes the row of the service BINARY on HOST (a soft delete: the row "
            + "stays, marked deleted, and is no longer listed), e.g. after the host was retired. "
            + "Stop the service first: a running service writes its row again at its next "
            + "heartbeat (as cinder does), with a new id.",
        CONFIG_ARGS_HELP
      },
      footer = {"", NOT_MIGRATED_HELP, DatabaseAccess.EXIT_CODES, ""})
  static final class Delete extends OneService {
    @Override
    void change(ServiceStore store, ServiceRecord before, PrintWriter out) {
      store.delete(before.host(), before.binary());
      out.println("Deleted " + name(before));
    }
  }
}
