package dev.bosun.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import dev.bosun.manager.ManualClock;
import dev.bosun.manager.Periodic;
import dev.bosun.manager.PeriodicTaskStats;
import dev.bosun.rpc.RpcApi;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcTimeoutException;
import dev.bosun.rpc.Target;
import dev.bosun.servicegroup.ServiceFilter;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A manager in a service: nova's start and stop order, RPC, the services row, periodic tasks. */
class ManagerServiceTest {
  private static final Duration STOP = Duration.ofSeconds(10);

  @RpcApi(topic = "volume", version = "1.4")
  public interface VolumeApi {
    String whereAmI();
  }

  /** Records every hook with what could be observed at that moment. */
  static final class VolumeManager extends Manager implements VolumeApi {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger ticks = new AtomicInteger();
    ServiceStore store;
    Transport transport;
    RuntimeException failPostStart;
    volatile CountDownLatch holdCalls = new CountDownLatch(0);
    final CountDownLatch callHeld = new CountDownLatch(1);

    VolumeManager(ManagerContext context) {
      super(context);
    }

    @Override
    public String whereAmI() {
      CountDownLatch hold = holdCalls;
      if (hold.getCount() > 0) {
        callHeld.countDown();
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return host();
    }

    @Override
    public int serviceVersion() {
      return 7;
    }

    @Periodic(spacing = "10s", runImmediately = true)
    void tick() {
      ticks.incrementAndGet();
    }

    @Override
    protected void initHost() {
      calls.add("initHost rows=" + rows());
    }

    @Override
    protected void preStartHook() {
      calls.add("preStartHook rows=" + rows());
    }

    @Override
    protected void postStartHook() {
      calls.add("postStartHook rpc=" + answers());
      if (failPostStart != null) {
        throw failPostStart;
      }
    }

    @Override
    protected void initHostWithRpc() {
      calls.add("initHostWithRpc");
    }

    @Override
    protected void cleanupHost() {
      calls.add("cleanupHost rpc=" + answers());
    }

    @Override
    protected void reset() {
      calls.add("reset");
    }

    private int rows() {
      return store.list(ServiceFilter.all()).size();
    }

    private boolean answers() {
      try (RpcClient client =
          RpcClient.builder(transport)
              .target(Target.topic("volume").withServer("node1"))
              .timeout(Duration.ofSeconds(2))
              .build()) {
        client.proxy(VolumeApi.class).whereAmI();
        return true;
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  /** A manager with no RPC methods at all. */
  static final class QuietManager extends Manager {
    QuietManager(ManagerContext context) {
      super(context);
    }
  }

  private final ManualClock clock = ManualClock.create();
  private Transport transport;
  private ServiceStore store;
  private VolumeManager manager;

  @BeforeEach
  void setUp() {
    transport = Transports.open(TransportUrl.parse("memory://manager-service-test"));
    store =
        ServiceStore.inMemory(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
            Duration.ofSeconds(60));
    manager = new VolumeManager(ManagerContext.builder("node1", "volume").scheduler(clock).build());
    manager.store = store;
    manager.transport = transport;
  }

  @AfterEach
  void tearDown() {
    transport.close();
  }

  private ManagerService.Builder service(Manager target) {
    return ManagerService.builder(target)
        .transport(transport)
        .store(store)
        .scheduler(clock)
        .periodicFuzzyDelay(Duration.ZERO)
        .heartbeatInitialDelay(Duration.ofHours(1));
  }

  @Test
  void startsInNovasOrderAndStopsInReverse() {
    ManagerService service = service(manager).build();
    service.start();
    assertThat(service.state()).isEqualTo(Service.State.RUNNING);
    service.stop(STOP);

    assertThat(manager.calls)
        .containsExactly(
            "initHost rows=0",
            "preStartHook rows=1",
            "postStartHook rpc=true",
            "initHostWithRpc",
            "cleanupHost rpc=false");
    assertThat(service.state()).isEqualTo(Service.State.STOPPED);
  }

  @Test
  void registersItsRowWithCodeAndRpcVersions() {
    ManagerService service = service(manager).binary("bosun-volume").build();
    service.start();
    try {
      ServiceRecord row = store.get("node1", "bosun-volume");
      assertThat(row.topic()).isEqualTo("volume");
      assertThat(row.version()).isEqualTo(7);
      assertThat(row.rpcCurrentVersion()).contains("1.4");
      assertThat(service.serviceRecord()).map(ServiceRecord::id).contains(row.id());
      assertThat(service.name()).isEqualTo("volume@node1");
    } finally {
      service.stop(STOP);
    }
  }

  @Test
  void answersOnTopicServerAndBaseApiPing() {
    ManagerService service = service(manager).build();
    service.start();
    try (RpcClient client =
        RpcClient.builder(transport)
            .target(Target.topic("volume"))
            .timeout(Duration.ofSeconds(5))
            .build()) {
      assertThat(client.proxy(VolumeApi.class).whereAmI()).isEqualTo("node1");
      @SuppressWarnings("rawtypes") // call(..., Map.class) can only give a raw Map
      Optional<Map> pong =
          client
              .prepare(p -> p.namespace("baseapi").version("1.1").server("node1"))
              .call(
                  dev.bosun.context.RequestContext.create(),
                  "ping",
                  Map.of("arg", "hello"),
                  Map.class);
      assertThat(pong).contains(Map.of("service", "volume", "arg", "hello"));
    } finally {
      service.stop(STOP);
    }
  }

  @Test
  void aManagerWithoutRpcMethodsStillAnswersPing() {
    QuietManager quiet = new QuietManager(ManagerContext.builder("node2", "quiet").build());
    ManagerService service = service(quiet).build();
    service.start();
    try (RpcClient client =
        RpcClient.builder(transport)
            .target(
                Target.topic("quiet")
                    .withServer("node2")
                    .withNamespace("baseapi")
                    .withVersion("1.0"))
            .timeout(Duration.ofSeconds(5))
            .build()) {
      @SuppressWarnings("rawtypes") // call(..., Map.class) can only give a raw Map
      Optional<Map> pong =
          client.call(
              dev.bosun.context.RequestContext.create(), "ping", Map.of("arg", 1), Map.class);
      assertThat(pong).contains(Map.of("service", "quiet", "arg", 1));
    } finally {
      service.stop(STOP);
    }
  }

  @Test
  void runsPeriodicTasksOnTheSchedulerAndReportsThem() {
    ManagerService service = service(manager).build();
    service.start();
    try {
      for (int tick = 1; tick <= 3; tick++) {
        clock.runDue();
        awaitTicks(tick);
        awaitIdle(service);
        clock.advance(Duration.ofSeconds(10));
      }
      assertThat(service.periodicStats())
          .singleElement()
          .satisfies(stats -> assertThat(stats.name()).isEqualTo("tick"));
      StringBuilder report = new StringBuilder();
      service.report(report);
      assertThat(report).contains("volume").contains("periodic tasks").contains("tick");
    } finally {
      service.stop(STOP);
    }
  }

  @Test
  void periodicTasksCanBeTurnedOff() {
    ManagerService service = service(manager).periodicEnable(false).build();
    service.start();
    try {
      clock.advance(Duration.ofSeconds(25));
      assertThat(manager.ticks.get()).isZero();
      assertThat(service.periodicStats()).isEmpty();
    } finally {
      service.stop(STOP);
    }
  }

  @Test
  void heartbeatsIntoItsRow() {
    ManagerService service =
        service(manager)
            .heartbeatInitialDelay(Duration.ZERO)
            .reportInterval(Duration.ofMillis(50))
            .build();
    service.start();
    try {
      waitUntil("two heartbeats", () -> store.get("node1", "bosun-volume").reportCount() >= 2);
      assertThat(service.heartbeatStatus()).isPresent();
    } finally {
      service.stop(STOP);
    }
  }

  @Test
  void resetRunsResetActionsThenTheManagersReset() {
    List<String> order = manager.calls;
    ManagerService service = service(manager).onReset(() -> order.add("caps cleared")).build();
    service.start();
    try {
      order.clear();
      service.reset();
      assertThat(order).containsExactly("caps cleared", "reset");
    } finally {
      service.stop(STOP);
    }
  }

  @Test
  void aFailedStartLeavesTheServiceFailedAndReleasesWhatStarted() {
    manager.failPostStart = new IllegalStateException("disk array unreachable");
    ManagerService service = service(manager).build();
    assertThatThrownBy(service::start)
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("volume@node1")
        .hasMessageContaining("disk array unreachable");
    assertThat(service.state()).isEqualTo(Service.State.FAILED);
    assertThat(service.failureCause()).containsSame(manager.failPostStart);
    assertThatThrownBy(service::start).hasMessageContaining("cannot be started again");

    assertThat(manager.calls)
        .containsExactly(
            "initHost rows=0",
            "preStartHook rows=1",
            "postStartHook rpc=true",
            "cleanupHost rpc=false");
    try (RpcClient client =
        RpcClient.builder(transport)
            .target(Target.topic("volume").withServer("node1"))
            .timeout(Duration.ofSeconds(2))
            .build()) {
      // The queue outlives its consumer (as on RabbitMQ), so nobody answering is all there is.
      assertThatThrownBy(() -> client.proxy(VolumeApi.class).whereAmI())
          .as("the RPC server started before the failure is gone")
          .isInstanceOf(RpcTimeoutException.class);
    }
    assertThat(service.heartbeatStatus()).isEmpty();
    assertThat(service.periodicStats()).isEmpty();
    assertThat(clock.pending()).as("no periodic task is waiting").isZero();
    clock.advance(Duration.ofMinutes(5));
    assertThat(manager.ticks.get()).isZero();
  }

  @Test
  void stopHonoursItsTimeoutEvenWhenTheGracefulShutdownTimeoutIsLonger() throws Exception {
    // Regression: the RPC drain waited graceful_shutdown_timeout, whatever stop was given.
    ManagerService service = service(manager).gracefulShutdownTimeout(Duration.ofHours(1)).build();
    service.start();
    CountDownLatch release = new CountDownLatch(1);
    manager.holdCalls = release;
    try (RpcClient client =
        RpcClient.builder(transport).target(Target.topic("volume").withServer("node1")).build()) {
      client.cast(dev.bosun.context.RequestContext.create(), "where_am_i", Map.of());
      assertThat(manager.callHeld.await(30, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> stopped =
          CompletableFuture.runAsync(() -> service.stop(Duration.ofMillis(200)));

      assertThat(stopped).succeedsWithin(Duration.ofSeconds(30));
      assertThat(service.state()).isEqualTo(Service.State.STOPPED);
      assertThat(manager.calls).last().isEqualTo("cleanupHost rpc=false");
    } finally {
      release.countDown();
    }
  }

  @Test
  void periodicTasksRunOnTheManagerContextsSchedulerByDefault() {
    // Regression: the service used the system scheduler, ignoring ManagerContext.scheduler().
    ManagerService service =
        ManagerService.builder(manager).periodicFuzzyDelay(Duration.ZERO).build();
    service.start();
    try {
      assertThat(clock.pending()).as("the first run waits on the context's clock").isOne();
      clock.runDue();
      awaitTicks(1);
    } finally {
      service.stop(STOP);
    }
  }

  @Test
  void withoutTransportOrStoreItStillRunsItsTasks() {
    ManagerService service =
        ManagerService.builder(manager).scheduler(clock).periodicFuzzyDelay(Duration.ZERO).build();
    service.start();
    try {
      clock.runDue();
      awaitTicks(1);
      assertThat(service.serviceRecord()).isEmpty();
      assertThat(service.rpcStatistics()).isEmpty();
      assertThat(service.heartbeatStatus()).isEmpty();
    } finally {
      service.stop(STOP);
    }
  }

  private static void awaitIdle(ManagerService service) {
    waitUntil(
        "no periodic task running",
        () -> service.periodicStats().stream().noneMatch(PeriodicTaskStats::running));
  }

  private void awaitTicks(int atLeast) {
    waitUntil("at least " + atLeast + " tick(s)", () -> manager.ticks.get() >= atLeast);
  }

  /** Polls {@code condition} for up to 30 s and fails naming {@code what} if it never holds. */
  private static void waitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 30 s for %s", what).isLessThan(deadline);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
