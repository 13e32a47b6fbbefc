package dev.bosun.service;

import dev.bosun.config.Config;
import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerLifecycle;
import dev.bosun.manager.PeriodicRunner;
import dev.bosun.manager.PeriodicTaskStats;
import dev.bosun.manager.Scheduler;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.RpcServerStatistics;
import dev.bosun.rpc.Target;
import dev.bosun.servicegroup.Heartbeat;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.MessagingOptions;
import dev.bosun.transport.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Manager} running in a process: nova's {@code Service}. It answers RPC on its topic,
 * {@code topic.host} and the topic's fanout, beats its heart into the services table, and runs the
 * manager's periodic tasks.
 *
 * <p>Start, in nova's order, on the thread that calls {@link #start()}: basic config check (a
 * temporary directory can be made) -> {@code initHost} -> services-table row got or created
 * (writing the code version and RPC API version) -> {@code preStartHook} -> RPC server on {@code
 * topic}, {@code topic.host} and {@code topic_fanout} -> {@code postStartHook} and {@code
 * initHostWithRpc} -> heartbeat (its own platform thread, after an initial delay) -> periodic tasks
 * (after the fuzzy delay).
 *
 * <p>Stop, on the thread that calls {@link #stop(Duration)}, all within its timeout (zero waits for
 * ever): stop consuming and let in-flight calls finish, for the timeout less a tenth of it (at most
 * 5 s) kept for the steps after, then interrupt what still runs -> {@code cleanupHost} -> stop the
 * periodic tasks (those running are asked to stop and waited for, within what is left of the
 * timeout) -> stop the heartbeat (a beat in flight is waited for within what is left). So a
 * launcher whose watchdog fires at the same timeout still sees {@code cleanupHost} run. The row is
 * kept: other services see this one go down after {@code service_down_time}, as in nova.
 *
 * <p>Reset (SIGHUP), on the thread that calls {@link #reset()}: the manager's {@link
 * dev.bosun.rpc.Messaging} forgets its automatic RPC version caps (when the manager's context has
 * one) -> the {@link Builder#onReset(Runnable)} actions -> the manager's {@code reset}. The service
 * does not close the messaging: whoever built it does, after the stop.
 *
 * <p>Both the RPC server and the services table are optional: without a transport the service takes
 * no RPC; without a store it keeps no row and sends no heartbeat. Each part left out is logged at
 * start, so nothing is missing silently.
 */
public final class ManagerService extends AbstractService {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerService.class);

  private final Manager manager;
  private final ManagerLifecycle lifecycle;
  private final String binary;
  private final String topic;
  private final Optional<Transport> transport;
  private final String controlExchange;
  private final int executorThreadPoolSize;
  private final Duration gracefulShutdownTimeout;
  private final List<Object> additionalEndpoints;
  private final Optional<ServiceStore> store;
  private final Duration reportInterval;
  private final Duration heartbeatInitialDelay;
  private final boolean periodicEnable;
  private final boolean serialRunner;
  private final Duration periodicFuzzyDelay;
  private final Duration periodicIntervalMax;
  private final BooleanSupplier runExternalPeriodicTasks;
  private final Scheduler scheduler;
  private final List<Runnable> resetActions;

  private volatile Optional<RpcServer> rpcServer = Optional.empty();
  private volatile Optional<Heartbeat> heartbeat = Optional.empty();
  private volatile Optional<PeriodicRunner> periodicRunner = Optional.empty();
  private volatile Optional<ServiceRecord> record = Optional.empty();

  private ManagerService(Builder builder) {
    this.manager = builder.manager;
    this.lifecycle = ManagerLifecycle.of(manager);
    this.binary = builder.binary.orElse("bosun-" + manager.serviceName());
    this.topic = builder.topic.orElse(manager.serviceName());
    this.transport = builder.transport;
    this.controlExchange = builder.controlExchange;
    this.executorThreadPoolSize = builder.executorThreadPoolSize;
    this.gracefulShutdownTimeout = builder.gracefulShutdownTimeout;
    this.additionalEndpoints = List.copyOf(builder.additionalEndpoints);
    this.store = builder.store;
    this.reportInterval = builder.reportInterval;
    this.heartbeatInitialDelay = builder.heartbeatInitialDelay;
    this.periodicEnable = builder.periodicEnable;
    this.serialRunner = builder.serialRunner;
    this.periodicFuzzyDelay = builder.periodicFuzzyDelay;
    this.periodicIntervalMax = builder.periodicIntervalMax;
    this.runExternalPeriodicTasks = builder.runExternalPeriodicTasks;
    this.scheduler = builder.scheduler.orElseGet(() -> manager.context().scheduler());
    List<Runnable> actions = new ArrayList<>();
    manager.messaging().ifPresent(messaging -> actions.add(messaging::reset));
    actions.addAll(builder.resetActions);
    this.resetActions = List.copyOf(actions);
  }

  public static Builder builder(Manager manager) {
    return new Builder(manager);
  }

  @Override
  public String name() {
    return topic + "@" + manager.host();
  }

  public Manager manager() {
    return manager;
  }

  public String binary() {
    return binary;
  }

  public String topic() {
    return topic;
  }

  /** This service's row, once registered. */
  public Optional<ServiceRecord> serviceRecord() {
    return record;
  }

  /** The periodic tasks' statistics, empty before the start or when periodic tasks are off. */
  public List<PeriodicTaskStats> periodicStats() {
    return periodicRunner.map(PeriodicRunner::stats).orElse(List.of());
  }

  /** The RPC server's statistics, when it runs. */
  public Optional<RpcServerStatistics> rpcStatistics() {
    return rpcServer.map(RpcServer::statistics);
  }

  /** The heartbeat's status, when it runs. */
  public Optional<Heartbeat.Status> heartbeatStatus() {
    return heartbeat.map(Heartbeat::status);
  }

  @Override
  protected void doStart() {
    LOG.info(
        "Starting {} node {} (binary {}, version {}, RPC API {})",
        topic,
        manager.host(),
        binary,
        manager.serviceVersion(),
        manager.rpcApiVersion());
    basicConfigCheck();
    lifecycle.initHost();
    store.ifPresentOrElse(
        this::register,
        () -> LOG.info("{}: no services table configured; no row and no heartbeat", name()));
    lifecycle.preStart();
    transport.ifPresentOrElse(
        this::startRpcServer,
        () -> LOG.info("{}: no transport configured; not taking RPC", name()));
    lifecycle.postStart();
    store.ifPresent(this::startHeartbeat);
    if (periodicEnable) {
      startPeriodicTasks();
    } else {
      LOG.info("{}: periodic tasks are off (periodic_enable = false)", name());
    }
  }

  @Override
  protected void doStop(Duration timeout) {
    StopBudget budget = new StopBudget(timeout);
    rpcServer.ifPresent(
        server -> quietly("stop the RPC server", () -> server.stop(budget.forRpcServer())));
    lifecycle.cleanup();
    periodicRunner.ifPresent(
        runner -> {
          runner.stop();
          try {
            if (!runner.awaitIdle(budget.left())) {
              LOG.warn(
                  "{}: periodic tasks still running after the stop timeout: {}",
                  name(),
                  runner.stats().stream()
                      .filter(PeriodicTaskStats::running)
                      .map(PeriodicTaskStats::name)
                      .toList());
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    heartbeat.ifPresent(beat -> quietly("stop the heartbeat", () -> beat.stop(budget.left())));
    LOG.info("Stopped {}", name());
  }

  @Override
  protected void doReset() {
    LOG.info("Resetting {}", name());
    resetActions.forEach(Runnable::run);
    lifecycle.reset();
  }

  @Override
  public void report(StringBuilder out) {
    out.append("binary ")
        .append(binary)
        .append(", topic ")
        .append(topic)
        .append(", host ")
        .append(manager.host())
        .append(", working ")
        .append(manager.isWorking())
        .append('\n');
    record.ifPresent(
        row ->
            out.append("services row id ")
                .append(row.id())
                .append(", uuid ")
                .append(row.uuid())
                .append('\n'));
    heartbeat.ifPresent(beat -> out.append("heartbeat: ").append(beat.status()).append('\n'));
    rpcServer.ifPresent(server -> out.append("rpc: ").append(server.statistics()).append('\n'));
    manager.messaging().ifPresent(messaging -> messaging.report(out));
    periodicRunner.ifPresent(runner -> out.append("periodic tasks:\n").append(runner.statsTable()));
  }

  private void basicConfigCheck() {
    try {
      Path probe = Files.createTempDirectory("bosun-check");
      Files.delete(probe);
    } catch (IOException e) {
      throw new ServiceException(
          "Basic config check failed for "
              + name()
              + ": cannot create a temporary directory in "
              + System.getProperty("java.io.tmpdir")
              + " ("
              + e
              + "); fix the permissions or set -Djava.io.tmpdir",
          e);
    }
  }

  private void register(ServiceStore serviceStore) {
    ServiceRecord row =
        serviceStore.register(
            ServiceRegistration.create(
                manager.host(), binary, topic, manager.serviceVersion(), manager.rpcApiVersion()));
    record = Optional.of(row);
    LOG.info("{}: services row {} in {}", name(), row.id(), serviceStore.describe());
  }

  private void startRpcServer(Transport messaging) {
    RpcServer.Builder builder =
        RpcServer.builder(messaging)
            .target(Target.topic(topic).withServer(manager.host()))
            .controlExchange(controlExchange)
            .executorThreadPoolSize(executorThreadPoolSize)
            .gracefulShutdownTimeout(gracefulShutdownTimeout)
            .endpoint(new BaseRpcApi(manager.serviceName()));
    if (RpcServer.hasRpcMethods(manager)) {
      builder.endpoint(manager);
    } else {
      LOG.info(
          "{}: the manager has no RPC methods (no @RpcApi interface, no @Rpc method); "
              + "serving only the baseapi endpoint",
          name());
    }
    additionalEndpoints.forEach(builder::endpoint);
    RpcServer server = builder.build();
    server.start();
    rpcServer = Optional.of(server);
    LOG.info(
        "{}: RPC server on {}, {}.{} and {}_fanout via {}",
        name(),
        topic,
        topic,
        manager.host(),
        topic,
        messaging.describe());
  }

  private void startHeartbeat(ServiceStore serviceStore) {
    if (reportInterval.isZero()) {
      LOG.warn("{}: report_interval is 0, so no heartbeat: the service will appear down", name());
      return;
    }
    Heartbeat beat =
        Heartbeat.builder(serviceStore, record.orElseThrow())
            .reportInterval(reportInterval)
            .initialDelay(heartbeatInitialDelay)
            .isWorking(manager::isWorking)
            .build();
    beat.start();
    heartbeat = Optional.of(beat);
  }

  private void startPeriodicTasks() {
    PeriodicRunner.Builder builder =
        PeriodicRunner.builder(manager.periodicTasks())
            .scheduler(scheduler)
            .fuzzyDelay(periodicFuzzyDelay)
            .periodicIntervalMax(periodicIntervalMax)
            .runExternalPeriodicTasks(runExternalPeriodicTasks);
    PeriodicRunner runner = serialRunner ? builder.serial() : builder.parallel();
    runner.start();
    periodicRunner = Optional.of(runner);
    LOG.info(
        "{}: {} periodic task(s) on the {} runner",
        name(),
        manager.periodicTasks().tasks().size(),
        serialRunner ? "serial" : "parallel");
  }

  private void quietly(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.error("{}: failed to {}; carrying on with the stop", name(), what, e);
    }
  }

  /** What is left of one stop's timeout, handed step by step; a zero timeout waits for ever. */
  private static final class StopBudget {
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);
    private static final long MAX_RESERVE_NANOS = Duration.ofSeconds(5).toNanos();
    private final boolean forever;
    private final long deadline;
    private final long reserve;

    StopBudget(Duration timeout) {
      forever = timeout.isZero();
      long nanos;
      try {
        nanos = timeout.toNanos();
      } catch (ArithmeticException e) {
        nanos = Long.MAX_VALUE;
      }
      long now = System.nanoTime();
      deadline = forever || Long.MAX_VALUE - now < nanos ? Long.MAX_VALUE : now + nanos;
      reserve = Math.min(nanos / 10, MAX_RESERVE_NANOS);
    }

    /** The time left; zero once it has run out (a step then does not wait). */
    Duration left() {
      if (forever) {
        return FOREVER;
      }
      return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /**
     * The drain's share for {@link RpcServer#stop(Duration)} (whose zero means for ever): what is
     * left less the reserve kept for {@code cleanupHost} and the timers.
     */
    Duration forRpcServer() {
      if (forever) {
        return Duration.ZERO;
      }
      long share = deadline - System.nanoTime() - reserve;
      return Duration.ofNanos(Math.max(1, share));
    }
  }

  /**
   * Builds a {@link ManagerService}. Every setting has the default of its option; {@link
   * #config(Config)} reads them all from a configuration.
   */
  public static final class Builder {
    private final Manager manager;
    private Optional<String> binary = Optional.empty();
    private Optional<String> topic = Optional.empty();
    private Optional<Transport> transport = Optional.empty();
    private String controlExchange = "openstack";
    private int executorThreadPoolSize = 64;
    private Duration gracefulShutdownTimeout = Duration.ofSeconds(60);
    private final List<Object> additionalEndpoints = new ArrayList<>();
    private Optional<ServiceStore> store = Optional.empty();
    private Duration reportInterval = Duration.ofSeconds(10);
    private Duration heartbeatInitialDelay = Duration.ofSeconds(5);
    private boolean periodicEnable = true;
    private boolean serialRunner;
    private Duration periodicFuzzyDelay = Duration.ofSeconds(60);
    private Duration periodicIntervalMax = Duration.ofSeconds(60);
    private BooleanSupplier runExternalPeriodicTasks = () -> true;
    private Optional<Scheduler> scheduler = Optional.empty();
    private final List<Runnable> resetActions = new ArrayList<>();

    private Builder(Manager manager) {
      this.manager = Objects.requireNonNull(manager, "manager");
    }

    /**
     * Takes every setting from {@code config}: the {@link ServiceOptions} and {@link
     * MessagingOptions} ({@code control_exchange}, {@code executor_thread_pool_size}). {@code
     * run_external_periodic_tasks} is read again before every run.
     */
    public Builder config(Config config) {
      controlExchange = config.get(MessagingOptions.CONTROL_EXCHANGE);
      executorThreadPoolSize = config.get(MessagingOptions.EXECUTOR_THREAD_POOL_SIZE);
      gracefulShutdownTimeout = config.get(ServiceOptions.GRACEFUL_SHUTDOWN_TIMEOUT);
      reportInterval = config.get(ServiceOptions.REPORT_INTERVAL);
      heartbeatInitialDelay = min(Duration.ofSeconds(5), reportInterval);
      periodicEnable = config.get(ServiceOptions.PERIODIC_ENABLE);
      serialRunner = "serial".equals(config.get(ServiceOptions.PERIODIC_RUNNER));
      periodicFuzzyDelay = config.get(ServiceOptions.PERIODIC_FUZZY_DELAY);
      periodicIntervalMax = config.get(ServiceOptions.PERIODIC_INTERVAL_MAX);
      runExternalPeriodicTasks = () -> config.get(ServiceOptions.RUN_EXTERNAL_PERIODIC_TASKS);
      return this;
    }

    /** The services table's {@code binary}; default {@code bosun-<service name>}. */
    public Builder binary(String value) {
      binary = Optional.of(requireText(value, "binary"));
      return this;
    }

    /** The RPC topic; default the manager's service name. */
    public Builder topic(String value) {
      topic = Optional.of(requireText(value, "topic"));
      return this;
    }

    /** Takes RPC over {@code value}; without a transport the service takes no RPC. */
    public Builder transport(Transport value) {
      transport = Optional.of(Objects.requireNonNull(value, "transport"));
      return this;
    }

    public Builder controlExchange(String value) {
      controlExchange = requireText(value, "controlExchange");
      return this;
    }

    /** Serves {@code endpoint} beside the manager (nova's {@code additional_endpoints}). */
    public Builder additionalEndpoint(Object endpoint) {
      additionalEndpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /** Keeps a row in {@code value} and beats into it; without a store there is neither. */
    public Builder store(ServiceStore value) {
      store = Optional.of(Objects.requireNonNull(value, "store"));
      return this;
    }

    public Builder reportInterval(Duration value) {
      requireNotNegative(value, "report_interval");
      reportInterval = value;
      return this;
    }

    /** Delay before the first heartbeat; default 5 s (nova's {@code INITIAL_REPORTING_DELAY}). */
    public Builder heartbeatInitialDelay(Duration value) {
      requireNotNegative(value, "heartbeat initial delay");
      heartbeatInitialDelay = value;
      return this;
    }

    public Builder periodicEnable(boolean value) {
      periodicEnable = value;
      return this;
    }

    /** Use oslo's serial runner instead of Bosun's parallel one. */
    public Builder serialPeriodicRunner(boolean value) {
      serialRunner = value;
      return this;
    }

    public Builder periodicFuzzyDelay(Duration value) {
      requireNotNegative(value, "periodic_fuzzy_delay");
      periodicFuzzyDelay = value;
      return this;
    }

    /**
     * The RPC server's {@code graceful_shutdown_timeout}. A stop of this service is bounded by the
     * timeout given to {@link ManagerService#stop(Duration)} instead (a launcher passes its {@code
     * graceful_shutdown_timeout} there), so this matters only to the RPC server itself.
     */
    public Builder gracefulShutdownTimeout(Duration value) {
      requireNotNegative(value, "graceful_shutdown_timeout");
      gracefulShutdownTimeout = value;
      return this;
    }

    /**
     * The clock and timer of the periodic tasks; default the manager's {@link
     * dev.bosun.manager.ManagerContext#scheduler()}, so one manual clock given to the context
     * drives the manager and its service alike.
     */
    public Builder scheduler(Scheduler value) {
      scheduler = Optional.of(Objects.requireNonNull(value, "scheduler"));
      return this;
    }

    /**
     * Runs {@code action} on every {@link Service#reset()} (SIGHUP), before the manager's own
     * reset: e.g. {@code VersionCaps::reset}, so that automatic RPC version caps are read again
     * from the services table. The caps of the manager's {@link dev.bosun.rpc.Messaging} need no
     * action: they are reset first, always.
     */
    public Builder onReset(Runnable action) {
      resetActions.add(Objects.requireNonNull(action, "action"));
      return this;
    }

    public ManagerService build() {
      return new ManagerService(this);
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }

    private static String requireText(String value, String what) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank, found '" + value + "'");
      }
      return value;
    }

    private static void requireNotNegative(Duration value, String what) {
      if (value.isNegative()) {
        throw new IllegalArgumentException(what + " must be >= 0, found " + value);
      }
    }
  }
}
