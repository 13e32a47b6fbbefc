package dev.bosun.manager;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The logic of one aspect of the system (volumes, scheduling), run inside a service: it owns the
 * database access of its aspect, exposes RPC endpoint methods, has {@link Periodic} tasks and the
 * lifecycle hooks below. "Smart managers, dumb data."
 *
 * <p><b>Start order</b> (nova's, kept; the service drives it through {@link ManagerLifecycle}):
 * {@link #initHost()} → the service record is written (with {@link #serviceVersion()} and {@link
 * #rpcApiVersion()}) → {@link #preStartHook()} → the RPC server starts consuming → {@link
 * #postStartHook()} then {@link #initHostWithRpc()} → heartbeats start (sent only while {@link
 * #isWorking()}) → the periodic runner starts. <b>Stop order:</b> stop consuming RPC → in-flight
 * calls finish → {@link #cleanupHost()} → periodic timers stop.
 *
 * <p><b>Threads.</b> The start and stop hooks run on the thread that starts or stops the service,
 * one at a time and never concurrently with each other; {@link #reset()} runs on the thread that
 * handles SIGHUP, never concurrently with another hook. RPC endpoint methods run on their own
 * threads (virtual on Java 21+) and may run concurrently with each other, with periodic tasks, with
 * {@link #postStartHook()}, {@link #initHostWithRpc()} and {@link #reset()}. Periodic tasks may
 * still be running during {@link #cleanupHost()} (timers stop after it, as in nova); a long task
 * should check {@link PeriodicContext#stopRequested()}. {@link #isWorking()} is called from the
 * heartbeat thread and must be quick and thread-safe.
 *
 * <p>A hook that throws during start fails the start of the service; an exception from {@link
 * #cleanupHost()} is logged and the stop goes on.
 */
public abstract class Manager {
  private final ManagerContext context;
  private final PeriodicTasks periodicTasks;
  private volatile Map<String, Object> capabilities = Map.of();
  private volatile Optional<Instant> capabilitiesAt = Optional.empty();

  /**
   * Collects the {@link Periodic} methods of this object's class and superclasses.
   *
   * @throws PeriodicTaskException if a periodic task is declared wrongly
   */
  protected Manager(ManagerContext context) {
    if (context == null) {
      throw new IllegalArgumentException("context must not be null");
    }
    this.context = context;
    this.periodicTasks = PeriodicTasks.of(this, context.config()::duration);
  }

  /** The host this manager serves, e.g. {@code node1} or {@code node1@lvm}. */
  public final String host() {
    return context.host();
  }

  /** The aspect served, e.g. {@code volume}. */
  public final String serviceName() {
    return context.serviceName();
  }

  /** What the manager was constructed with. */
  public final ManagerContext context() {
    return context;
  }

  /** The configuration this manager reads; {@link ConfigView#masked()} for reports. */
  public final ConfigView config() {
    return context.config();
  }

  /**
   * The service's notifier and RPC clients, when the service has messaging (nova's {@code
   * self.notifier}); see {@link dev.bosun.rpc.Messaging}.
   */
  public final Optional<dev.bosun.rpc.Messaging> messaging() {
    return context.messaging();
  }

  /** This manager's periodic tasks; {@link PeriodicTasks#add} adds one for this instance only. */
  public final PeriodicTasks periodicTasks() {
    return periodicTasks;
  }

  /**
   * The version of this code, written into the services table's {@code version} column so that
   * clients can find the oldest running service of a topic (nova's {@code SERVICE_VERSION}).
   * Override and raise it whenever behaviour others depend on changes. Default 0, the column's
   * default ("unversioned").
   */
  public int serviceVersion() {
    return 0;
  }

  /**
   * The RPC API version this manager's endpoint implements (oslo's {@code RPC_API_VERSION}),
   * written into the services table's {@code rpc_current_version}: the version of its {@link
   * dev.bosun.rpc.RpcEndpoint} annotation, else of the one {@link dev.bosun.rpc.RpcApi} interface
   * it implements, else 1.0.
   */
  public final String rpcApiVersion() {
    return dev.bosun.rpc.RpcServer.endpointVersion(this);
  }

  /**
   * Whether the manager can do its work; while false the service sends no heartbeat and so appears
   * down (cinder's {@code is_working}, bug 1446750). Called from the heartbeat thread. Default
   * true.
   */
  public boolean isWorking() {
    return true;
  }

  /**
   * Stores the capabilities this manager reports to the scheduler (cinder's {@code
   * SchedulerDependentManager.update_service_capabilities}); the service publishes the last stored
   * ones. Thread-safe; a copy is kept.
   */
  public final void updateServiceCapabilities(Map<String, ?> capabilities) {
    if (capabilities == null) {
      throw new IllegalArgumentException("capabilities must not be null");
    }
    this.capabilities = Collections.unmodifiableMap(new LinkedHashMap<>(capabilities));
    this.capabilitiesAt = Optional.of(context.scheduler().now());
  }

  /** The last stored capabilities; empty until the first update (then nothing is published). */
  public final Map<String, Object> lastCapabilities() {
    return capabilities;
  }

  /** When the capabilities were last stored. */
  public final Optional<Instant> lastCapabilitiesAt() {
    return capabilitiesAt;
  }

  /**
   * First hook of the start, before the service record is written and before RPC: check and prepare
   * the host (cinder sets up its driver here). No RPC can be received or reliably sent.
   */
  protected void initHost() {}

  /** After the service record is written, before the RPC server starts consuming. */
  protected void preStartHook() {}

  /** Right after the RPC server started consuming; may run concurrently with RPC calls. */
  protected void postStartHook() {}

  /**
   * After {@link #postStartHook()}: work that needs RPC, such as asking other services for their
   * state (cinder's {@code init_host_with_rpc}). May run concurrently with RPC calls.
   */
  protected void initHostWithRpc() {}

  /**
   * During stop, after the RPC server stopped and in-flight calls finished, before periodic timers
   * stop: release what the manager holds.
   */
  protected void cleanupHost() {}

  /**
   * On SIGHUP, after mutable options were reloaded: drop caches that depend on configuration or on
   * other services' versions. RPC calls and periodic tasks may be running.
   */
  protected void reset() {}

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + serviceName() + " on " + host() + "]";
  }
}
