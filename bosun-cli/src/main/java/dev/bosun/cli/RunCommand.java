package dev.bosun.cli;

import dev.bosun.config.Config;
import dev.bosun.config.EffectiveValue;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.ReloadResult;
import dev.bosun.db.Database;
import dev.bosun.db.DatabaseException;
import dev.bosun.db.DatabaseOptions;
import dev.bosun.db.SchemaVersion;
import dev.bosun.manager.ConfigView;
import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import dev.bosun.rpc.Messaging;
import dev.bosun.service.ManagerService;
import dev.bosun.service.ServiceDefinition;
import dev.bosun.service.ServiceException;
import dev.bosun.service.ServiceLauncher;
import dev.bosun.service.ServiceOptions;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.MessagingOptions;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportException;
import dev.bosun.transport.Transports;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code bosun run SERVICE}: runs one service until SIGTERM, on the transport and database the
 * configuration names. On the embedded default database (no {@code [database] connection} set), the
 * schema is created or upgraded at start so one command is enough; a configured database must be
 * migrated with {@code bosun db sync} first, as nova requires.
 *
 * <p>What fails before the service starts is one line on standard error, no stack trace: an unknown
 * SERVICE (listing the known ones) and a bad option exit {@value Main#EXIT_USAGE}. The transport,
 * messaging and {@code [database]} options are all checked before the database is waited for and
 * migrated (only {@code [upgrade_levels]} is read after it, with the services table); a database
 * that cannot be reached or whose schema is not current (saying to run {@code bosun db sync}) exit
 * {@value Main#EXIT_FAILURE}. A RabbitMQ broker that is not reachable yet does not stop the start:
 * the transport connects in the background.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a service until SIGTERM (graceful stop), SIGINT (exit at once); SIGHUP "
          + "reloads the configuration when run as a daemon, SIGUSR2 writes a report to stderr.",
      "Takes --config-file F, --config-dir D and any option as --name VALUE or "
          + "--group-name VALUE ('bosun config sample' lists them)."
    },
    footer = {
      "",
      "A broker that is not up yet is waited for (the service starts and connects "
          + "when it can); the database is waited for [database] max_retries times, "
          + "[database] retry_interval apart.",
      "",
      "Exit codes: 0 stopped cleanly; 1 the database could not be reached within "
          + "[database] max_retries or its schema is not current (run 'bosun db sync'), the "
          + "graceful stop outlasted graceful_shutdown_timeout, or another failure; 2 bad command "
          + "line or configuration, or an unknown SERVICE; 3 the service failed to start; "
          + "130 SIGINT.",
      "SIGTERM during the start stops it cleanly: a wait for the database ends at once, a "
          + "schema migration runs to its end, the service is not started, exit 0. Only a "
          + "SIGTERM before the JVM has started Bosun (its first fraction of a second) gets "
          + "the JVM's default action, exit 143."
    })
final class RunCommand implements Callable<Integer> {
  /**
   * The logger, got when first used: picocli creates this command for every {@code bosun} command
   * line, and a logger in a static field would set logging up (some 500 classes) even for {@code
   * bosun --version}.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(RunCommand.class);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SERVICE",
      description = "The service to run, e.g. demo (the known services are listed on error).")
  String serviceName;

  @Unmatched List<String> configArgs = new ArrayList<>();

  @Override
  public Integer call() {
    StartSignals signals = StartSignals.install();
    ServiceDefinition definition;
    try {
      definition = ServiceDefinition.find(serviceName, RunCommand.class.getClassLoader());
    } catch (ServiceException e) {
      return fail(String.valueOf(e.getMessage()), Main.EXIT_USAGE);
    }
    List<OptionGroup> groups = new ArrayList<>(definition.optionGroups());
    if (!definition.calledTopics().isEmpty()) {
      groups.add(Messaging.upgradeLevels(definition.calledTopics()));
    }
    Config config = ConfigLoader.load(configArgs, groups);
    config.warnUnknown();
    Duration serviceDownTime = DatabaseOptions.serviceDownTime(config);
    if (!serviceDownTime.equals(config.get(ServiceOptions.SERVICE_DOWN_TIME))) {
      config.set(ServiceOptions.SERVICE_DOWN_TIME, serviceDownTime);
    }
    boolean embeddedDatabase = DatabaseOptions.isEmbedded(config);
    // every option is checked before the database is waited for (up to max_retries x
    // retry_interval) and migrated: a typo costs seconds, not minutes, and creates nothing;
    // 'bosun config show' runs the same checks
    StartChecks.check(config);
    Transport transport;
    try {
      transport = Transports.open(config); // connects in the background
    } catch (IllegalArgumentException e) {
      return fail("configuration error: " + e.getMessage(), Main.EXIT_USAGE);
    } catch (TransportException e) {
      return fail(String.valueOf(e.getMessage()), Main.EXIT_FAILURE);
    }
    try (transport) {
      Database opened;
      try {
        opened = DatabaseOptions.open(config);
      } catch (DatabaseException e) {
        return fail(String.valueOf(e.getMessage()), Main.EXIT_FAILURE);
      }
      try (Database database = opened) {
        ServiceStore store;
        try {
          log().info("Connecting to the database {}", database.describe());
          signals.interruptibly(database::awaitReachable); // [database] max_retries, interval
          if (signals.stopRequested()) {
            return stoppedBeforeStart();
          }
          if (embeddedDatabase) {
            log()
                .info(
                    "Embedded database {}: creating or upgrading its schema (the first start takes"
                        + " a few seconds)",
                    database.describe());
            SchemaVersion schema = database.sync();
            log().info("Embedded database {}: schema {}", database.describe(), schema.describe());
          } else {
            database.requireCurrentSchema();
          }
          store = database.serviceStore(serviceDownTime);
        } catch (DatabaseException e) {
          if (signals.stopRequested()) {
            return stoppedBeforeStart();
          }
          // before the pool closes: a pool that never connected may take pool_timeout to close
          return fail(String.valueOf(e.getMessage()), Main.EXIT_FAILURE);
        }
        if (signals.stopRequested()) {
          return stoppedBeforeStart();
        }
        Messaging messaging;
        try {
          messaging =
              Messaging.builder(config, transport)
                  .host(config.get(ServiceOptions.HOST))
                  .serviceName(definition.name())
                  .store(store)
                  .build();
        } catch (TransportException e) {
          return fail(
              "cannot open the notification transport: " + e.getMessage(), Main.EXIT_FAILURE);
        }
        try (messaging) {
          definition.calledTopics().forEach(messaging::versionCap);
          return launch(definition, config, database, store, messaging, signals);
        }
      }
    }
  }

  private static int launch(
      ServiceDefinition definition,
      Config config,
      Database database,
      ServiceStore store,
      Messaging messaging,
      StartSignals signals) {
    Transport transport = messaging.transport();
    Manager manager =
        definition.createManager(
            ManagerContext.builder(messaging.host(), definition.name())
                .config(ConfigView.of(config))
                .messaging(messaging)
                .build());
    ManagerService service =
        ManagerService.builder(manager)
            .config(config)
            .binary(definition.binary())
            .topic(definition.topic())
            .transport(transport)
            .store(store)
            .build();
    ServiceLauncher launcher =
        ServiceLauncher.builder()
            .service(service)
            .gracefulShutdownTimeout(config.get(ServiceOptions.GRACEFUL_SHUTDOWN_TIMEOUT))
            .onReload(() -> reload(config))
            .reportSection(
                "Configuration",
                out ->
                    out.append(EffectiveValue.renderTable(ConfigCommand.effectiveValues(config))))
            .reportSection(
                "Messaging",
                out ->
                    out.append(transport.describe())
                        .append('\n')
                        .append("control_exchange ")
                        .append(config.get(MessagingOptions.CONTROL_EXCHANGE))
                        .append('\n'))
            .reportSection("Database", out -> out.append(database.describe()).append('\n'))
            .build();
    signals.handOver(launcher);
    return launcher.launch();
  }

  /**
   * Adds the configuration options to {@code run}'s help, generated from the option declarations:
   * the config's own parser reads them (picocli hands them over unmatched), picocli only describes
   * them. With a SERVICE ({@code bosun run demo --help}), its own options are listed too.
   */
  static void describeConfigOptions(CommandLine run) {
    String key = "configOptions";
    List<String> keys = new ArrayList<>(run.getHelpSectionKeys());
    keys.add(keys.indexOf(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), key);
    run.setHelpSectionKeys(keys);
    run.getHelpSectionMap()
        .put(
            key,
            help -> {
              List<OptionGroup> groups = new ArrayList<>(ConfigLoader.allGroups());
              String service = ((RunCommand) run.getCommand()).serviceName;
              if (service != null) {
                try {
                  groups.addAll(
                      ServiceDefinition.find(service, RunCommand.class.getClassLoader())
                          .optionGroups());
                } catch (ServiceException e) {
                  // an unknown SERVICE: the common options only
                }
              }
              return String.format(
                      "%nConfiguration options (in any order with SERVICE; as --name=VALUE too;"
                          + " a later one wins; they override config files and BOSUN_*"
                          + " variables):%n")
                  + Config.commandLineHelp(
                      groups, Terminal.current().width().orElse(run.getUsageHelpWidth()));
            });
  }

  private static int stoppedBeforeStart() {
    log().info("Stopped before the service started (SIGTERM)");
    return Main.EXIT_OK;
  }

  private int fail(String message, int exitCode) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("bosun: " + DatabaseAccess.oneLine(message));
    err.flush();
    return exitCode;
  }

  private static void reload(Config config) {
    ReloadResult result = config.reload();
    if (!result.ok()) {
      throw new IllegalStateException(
          "the configuration files have errors; nothing was " + "changed: " + result.errors());
    }
  }
}
