package dev.bosun.cli;

import dev.bosun.concurrent.Threads;
import dev.bosun.config.Config;
import dev.bosun.db.Database;
import dev.bosun.manager.ConfigView;
import dev.bosun.manager.ManagerContext;
import dev.bosun.manager.PeriodicTaskStats;
import dev.bosun.rpc.Messaging;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.Target;
import dev.bosun.service.ManagerService;
import dev.bosun.service.ServiceOptions;
import dev.bosun.servicegroup.ServiceFilter;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code bosun demo}: runs the demo service on the embedded default (the in-process transport and
 * an in-memory H2 services table) for a few seconds, shows that its slow and failing periodic tasks
 * do not disturb the fast one, calls it over RPC, prints the statistics and exits.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a small service on the embedded default for a few seconds: periodic tasks "
          + "(one slow, one failing) that do not disturb each other, an RPC call, a heartbeat in "
          + "the services table; then print the statistics.",
      "Exit code 0 when everything behaved, 1 otherwise."
    })
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--seconds",
      defaultValue = "8",
      paramLabel = "N",
      description = "How long the service runs (default: ${DEFAULT-VALUE}; at least 4).")
  int seconds;

  @Unmatched List<String> configArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (seconds < 4) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--seconds must be at least 4, so the slow task can finish a run; found " + seconds);
    }
    PrintWriter out = spec.commandLine().getOut();
    quietLogsUnlessAsked();
    Config config = ConfigLoader.load(configArgs);
    config.set(ServiceOptions.PERIODIC_FUZZY_DELAY, Duration.ZERO);
    config.set(ServiceOptions.REPORT_INTERVAL, Duration.ofSeconds(1));
    String host = config.get(ServiceOptions.HOST);

    out.printf(
        "Bosun demo: one 'demo' service on %s, the embedded default (memory:// transport,"
            + " H2 services table in memory); periodic tasks on %s.%n",
        host, Threads.describe());
    out.println(
        "Periodic tasks: fast_tick every 1s; slow_sweep every 2s but takes "
            + DemoManager.SLOW_SWEEP_TAKES.toSeconds()
            + "s; flaky_probe every 1.5s, always fails.");
    out.flush();

    try (Transport transport = Transports.open(TransportUrl.parse("memory://bosun-demo"));
        Database database =
            Database.open(
                "jdbc:h2:mem:bosun-demo-" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1")) {
      database.sync();
      ServiceStore store = database.serviceStore(config.get(ServiceOptions.SERVICE_DOWN_TIME));
      Messaging messaging =
          Messaging.builder(config, transport).host(host).serviceName("demo").store(store).build();
      DemoManager manager =
          new DemoManager(
              ManagerContext.builder(host, "demo")
                  .config(ConfigView.of(config))
                  .messaging(messaging)
                  .build());
      ManagerService service =
          ManagerService.builder(manager)
              .config(config)
              .heartbeatInitialDelay(Duration.ZERO)
              .transport(transport)
              .store(store)
              .build();
      service.start();
      Map<String, Long> status;
      try (RpcClient client =
          RpcClient.builder(transport)
              .target(Target.topic("demo"))
              .timeout(Duration.ofSeconds(10))
              .build()) {
        for (int second = 1; second <= seconds; second++) {
          Thread.sleep(1000);
          out.printf("  t=%2ds  %s%n", second, progress(service.periodicStats()));
          out.flush();
        }
        status = client.proxy(DemoApi.class).status();
      } finally {
        service.stop(Duration.ofSeconds(10));
        messaging.close();
      }
      out.println();
      out.println("RPC call demo.status() over memory:// answered " + status);
      out.println(notifications(messaging, manager));
      out.println();
      out.println("Services table (" + database.describe() + "):");
      for (ServiceRecord row : store.list(ServiceFilter.all())) {
        out.printf(
            "  %s  binary %s  %s  heartbeats %d  version %d  RPC API %s%n",
            row.displayName(),
            row.binary(),
            row.up() ? "up" : "down",
            row.reportCount(),
            row.version(),
            row.rpcCurrentVersion().orElse("-"));
      }
      out.println();
      out.println("Periodic-task statistics:");
      List<PeriodicTaskStats> stats = service.periodicStats();
      out.print(PeriodicTaskStats.table(stats));
      out.println();
      return verdict(out, stats);
    }
  }

  /** The demo's own output tells the story; logs below WARN only when BOSUN_LOG_LEVEL asks. */
  private static void quietLogsUnlessAsked() {
    if (System.getenv("BOSUN_LOG_LEVEL") == null
        && org.slf4j.LoggerFactory.getLogger("dev.bosun")
            instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private static String notifications(Messaging messaging, DemoManager manager) {
    if (!messaging.notifier().isEnabled()) {
      return "Notifications: none sent, no [oslo_messaging_notifications] driver is configured "
          + "(add --oslo-messaging-notifications-driver log to see "
          + DemoManager.STATUS_EVENT
          + " in the log).";
    }
    return "Notifications: "
        + DemoManager.STATUS_EVENT
        + " sent "
        + manager.statusReportsSent()
        + " time(s) by "
        + messaging.notifier().publisherId()
        + ".";
  }

  private static String progress(List<PeriodicTaskStats> stats) {
    return stats.stream()
        .map(
            task ->
                String.format(
                    "%s runs %d%s%s",
                    task.name(),
                    task.runs(),
                    task.failures() > 0 ? ", failures " + task.failures() : "",
                    task.running() ? " (running)" : ""))
        .collect(Collectors.joining(" | "));
  }

  private int verdict(PrintWriter out, List<PeriodicTaskStats> stats) {
    Optional<PeriodicTaskStats> fast = find(stats, "fast_tick");
    Optional<PeriodicTaskStats> slow = find(stats, "slow_sweep");
    Optional<PeriodicTaskStats> flaky = find(stats, "flaky_probe");
    List<String> problems = new ArrayList<>();
    long fastRuns = fast.map(PeriodicTaskStats::runs).orElse(0L);
    if (fastRuns < seconds - 1) {
      problems.add(
          "fast_tick ran "
              + fastRuns
              + " times in "
              + seconds
              + "s; expected at least "
              + (seconds - 1));
    }
    if (slow.map(PeriodicTaskStats::runs).orElse(0L) < 1) {
      problems.add("slow_sweep never finished a run");
    }
    long flakyFailures = flaky.map(PeriodicTaskStats::failures).orElse(0L);
    if (flakyFailures < 2) {
      problems.add(
          "flaky_probe failed "
              + flakyFailures
              + " times; expected it to keep running "
              + "and fail at every slot");
    }
    if (problems.isEmpty()) {
      out.printf(
          "OK: fast_tick ran %d times in %ds while slow_sweep held its own thread for %ds "
              + "at a time (%d overlapping slot(s) skipped, not queued); flaky_probe failed %d "
              + "times and kept its schedule.%n",
          fastRuns,
          seconds,
          DemoManager.SLOW_SWEEP_TAKES.toSeconds(),
          slow.map(PeriodicTaskStats::skippedOverlaps).orElse(0L),
          flakyFailures);
      out.flush();
      return Main.EXIT_OK;
    }
    out.println("NOT OK: " + String.join("; ", problems));
    out.flush();
    return Main.EXIT_FAILURE;
  }

  private static Optional<PeriodicTaskStats> find(List<PeriodicTaskStats> stats, String name) {
    return stats.stream().filter(task -> task.name().equals(name)).findFirst();
  }
}
