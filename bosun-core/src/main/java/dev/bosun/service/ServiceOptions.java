package dev.bosun.service;

import dev.bosun.config.Opt;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.OptionProvider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * The service options, with oslo's and nova's names and defaults.
 *
 * <p>Where Bosun differs: {@code periodic_interval_max} is a real option (nova hard-codes {@code
 * None}); with Bosun's default parallel periodic runner it caps only the serial runner's idle time.
 * {@code periodic_runner} chooses between the two runners.
 */
public final class ServiceOptions implements OptionProvider {

  public static final Opt<String> HOST =
      Opt.string("host")
          .defaultValue(localHostName())
          .sampleDefault("<this machine's host name>")
          .help(
              "Name of this node: the server part of RPC targets and the host column of the "
                  + "services table. Must be unique among the nodes of a deployment.")
          .build();

  public static final Opt<String> STATE_PATH =
      Opt.string("state_path")
          .defaultValue("var")
          .help(
              "Directory where Bosun keeps its state, such as the embedded H2 database. A "
                  + "relative path is taken from the working directory. It is created readable "
                  + "by its owner only (0700); an existing one that belongs to another user or "
                  + "that others may write to is refused.")
          .build();

  public static final Opt<Duration> REPORT_INTERVAL =
      Opt.duration("report_interval")
          .defaultValue(Duration.ofSeconds(10))
          .min(Duration.ZERO)
          .help(
              "How often a service writes its heartbeat into the services table. Zero turns "
                  + "heartbeats off, so the service always appears down.")
          .build();

  public static final Opt<Duration> SERVICE_DOWN_TIME =
      Opt.duration("service_down_time")
          .defaultValue(Duration.ofSeconds(60))
          .min(Duration.ZERO)
          .help(
              "A service whose last heartbeat is older than this is down. When it is not larger "
                  + "than report_interval it is raised to 2.5 x report_interval, with a warning.")
          .build();

  public static final Opt<Boolean> PERIODIC_ENABLE =
      Opt.bool("periodic_enable")
          .defaultValue(true)
          .help("Run the manager's periodic tasks.")
          .build();

  public static final Opt<Duration> PERIODIC_FUZZY_DELAY =
      Opt.duration("periodic_fuzzy_delay")
          .defaultValue(Duration.ofSeconds(60))
          .min(Duration.ZERO)
          .help(
              "Periodic tasks start after a random delay between zero and this, so that services "
                  + "started together do not hit the database together. Zero starts them at once.")
          .build();

  public static final Opt<Duration> PERIODIC_INTERVAL_MAX =
      Opt.duration("periodic_interval_max")
          .defaultValue(Duration.ofSeconds(60))
          .min(Duration.ofMillis(1))
          .help(
              "Longest idle time between two passes of the serial periodic runner (nova's "
                  + "dynamic timer cap). Not used by the parallel runner.")
          .build();

  public static final Opt<String> PERIODIC_RUNNER =
      Opt.choice("periodic_runner", "parallel", "serial")
          .defaultValue("parallel")
          .help(
              "parallel: every periodic task runs on its own schedule and thread, so a slow task "
                  + "never delays another (Bosun's default). serial: oslo.service's loop that runs due "
                  + "tasks one after another.")
          .build();

  public static final Opt<Boolean> RUN_EXTERNAL_PERIODIC_TASKS =
      Opt.bool("run_external_periodic_tasks")
          .defaultValue(true)
          .help("Some periodic tasks can be run in a separate process. Should we run them here?")
          .build();

  public static final Opt<Duration> GRACEFUL_SHUTDOWN_TIMEOUT =
      Opt.duration("graceful_shutdown_timeout")
          .defaultValue(Duration.ofSeconds(60))
          .min(Duration.ZERO)
          .help(
              "How long a graceful stop (SIGTERM) may take before the process exits anyway, "
                  + "with status 1. Zero waits for ever.")
          .build();

  /** All of the above, in the DEFAULT group. */
  public static final List<Opt<?>> ALL =
      List.of(
          HOST,
          STATE_PATH,
          REPORT_INTERVAL,
          SERVICE_DOWN_TIME,
          PERIODIC_ENABLE,
          PERIODIC_FUZZY_DELAY,
          PERIODIC_INTERVAL_MAX,
          PERIODIC_RUNNER,
          RUN_EXTERNAL_PERIODIC_TASKS,
          GRACEFUL_SHUTDOWN_TIMEOUT);

  @Override
  public List<OptionGroup> optionGroups() {
    return List.of(
        OptionGroup.of("DEFAULT", "Options of every service.", ALL.toArray(new Opt<?>[0])));
  }

  private static String localHostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
