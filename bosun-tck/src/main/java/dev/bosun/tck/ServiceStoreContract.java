package dev.bosun.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.servicegroup.Heartbeat;
import dev.bosun.servicegroup.ServiceFilter;
import dev.bosun.servicegroup.ServiceNotFoundException;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ServiceStore}: every store (in-memory, JDBC on H2 and on PostgreSQL)
 * extends this class and passes it.
 *
 * <p>Liveness is tested without waiting: {@link #advanceClock(Duration)} moves the store's "now"
 * forward relative to every stored time (a manual clock for the in-memory store; back-dating the
 * rows for a database, whose clock cannot be moved).
 */
public abstract class ServiceStoreContract {
  /** The {@code service_down_time} of the stores under test. */
  protected static final Duration DOWN_TIME = Duration.ofSeconds(60);

  /** The store under test, fresh and empty for each test. */
  protected ServiceStore store;

  /** A fresh, empty store with {@code service_down_time} = {@code serviceDownTime}. */
  protected abstract ServiceStore createStore(Duration serviceDownTime);

  /** Makes every time stored so far {@code by} older, as seen by the store's clock. */
  protected abstract void advanceClock(Duration by);

  /** Releases what {@link #createStore} made, after the store is closed; default: nothing. */
  protected void cleanUp() {}

  @BeforeEach
  void openStore() {
    store = createStore(DOWN_TIME);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
      store.close();
    }
    cleanUp();
  }

  private static ServiceRegistration volume(String host) {
    return ServiceRegistration.create(host, "bosun-volume", "volume", 3, "1.4");
  }

  @Test
  void registerCreatesARowThatIsUpBeforeItsFirstHeartbeat() {
    ServiceRecord record = store.register(volume("host1"));

    assertThat(record.id()).isPositive();
    assertThat(record.uuid()).hasSize(36);
    assertThat(record.host()).isEqualTo("host1");
    assertThat(record.binary()).isEqualTo("bosun-volume");
    assertThat(record.topic()).isEqualTo("volume");
    assertThat(record.reportCount()).isZero();
    assertThat(record.version()).isEqualTo(3);
    assertThat(record.rpcCurrentVersion()).contains("1.4");
    assertThat(record.disabled()).isFalse();
    assertThat(record.disabledReason()).isEmpty();
    assertThat(record.forcedDown()).isFalse();
    assertThat(record.lastSeenUp()).isEmpty();
    assertThat(record.deleted()).isFalse();
    assertThat(record.up()).isTrue();
    assertThat(record.lastHeartbeat()).isEqualTo(record.createdAt());
    assertThat(store.get("host1", "bosun-volume").id()).isEqualTo(record.id());
  }

  @Test
  void registeringAgainKeepsTheRowAndWritesTheNewVersions() {
    ServiceRecord first = store.register(volume("host1"));
    store.reportState(first.id());

    ServiceRecord again =
        store.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 4, "1.5"));

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.uuid()).isEqualTo(first.uuid());
    assertThat(again.version()).isEqualTo(4);
    assertThat(again.rpcCurrentVersion()).contains("1.5");
    assertThat(again.reportCount()).isEqualTo(1);
    assertThat(store.list(ServiceFilter.all())).hasSize(1);
  }

  @Test
  void aServiceWithoutRpcHasNoRpcVersion() {
    ServiceRecord record =
        store.register(ServiceRegistration.create("host1", "bosun-api", "api", 1));

    assertThat(record.rpcCurrentVersion()).isEmpty();
    assertThat(store.minimumRpcVersion("api")).isEmpty();
  }

  @Test
  void concurrentRegistrationsOfOneServiceEndWithOneRowAndNoError() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 5; round++) {
        String host = "race" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ServiceRecord>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return store.register(volume(host));
                  }));
        }
        go.countDown();
        Set<Long> ids = new HashSet<>();
        for (Future<ServiceRecord> result : results) {
          ids.add(result.get(60, TimeUnit.SECONDS).id());
        }
        assertThat(ids).as("ids returned to racing registrations of %s", host).hasSize(1);
        assertThat(store.list(ServiceFilter.all().withHost(host))).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void reportStateCountsHeartbeatsAndSetsLastSeenUpFromTheStoreClock() {
    ServiceRecord created = store.register(volume("host1"));

    assertThat(store.reportState(created.id())).isTrue();
    assertThat(store.reportState(created.id())).isTrue();

    ServiceRecord record = store.get("host1", "bosun-volume");
    assertThat(record.reportCount()).isEqualTo(2);
    assertThat(record.lastSeenUp()).isPresent();
    assertThat(record.lastSeenUp().get()).isAfterOrEqualTo(record.createdAt());
    assertThat(record.readAt()).isAfterOrEqualTo(record.lastSeenUp().get());
    assertThat(record.updatedAt()).isPresent();
    assertThat(record.up()).isTrue();
  }

  @Test
  void reportStateOfAnUnknownIdReportsThatNoRowWasUpdated() {
    assertThat(store.reportState(987_654_321L)).isFalse();
  }

  @Test
  void aServiceWithoutHeartbeatsGoesDownAfterServiceDownTimeAndComesBackWithOne() {
    ServiceRecord record = store.register(volume("host1"));
    store.reportState(record.id());

    advanceClock(DOWN_TIME.minusSeconds(10));
    assertThat(store.get("host1", "bosun-volume").up()).isTrue();

    advanceClock(Duration.ofSeconds(11));
    assertThat(store.get("host1", "bosun-volume").up()).isFalse();
    assertThat(store.list(ServiceFilter.all()))
        .extracting(ServiceRecord::up)
        .containsExactly(false);

    store.reportState(record.id());
    assertThat(store.get("host1", "bosun-volume").up()).isTrue();
  }

  @Test
  void aNewRowWithoutHeartbeatsGoesDownFromItsCreationTime() {
    store.register(volume("host1"));

    advanceClock(DOWN_TIME.plusSeconds(1));

    assertThat(store.get("host1", "bosun-volume").up()).isFalse();
  }

  @Test
  void forcedDownIsDownWhateverTheHeartbeatsSay() {
    ServiceRecord record = store.register(volume("host1"));

    ServiceRecord forced = store.forceDown("host1", "bosun-volume");
    store.reportState(record.id());

    assertThat(forced.forcedDown()).isTrue();
    assertThat(forced.up()).isFalse();
    assertThat(store.get("host1", "bosun-volume").up()).isFalse();

    ServiceRecord unforced = store.unforceDown("host1", "bosun-volume");
    assertThat(unforced.forcedDown()).isFalse();
    assertThat(unforced.up()).isTrue();
  }

  @Test
  void disablingRecordsTheReasonAndLeavesLivenessAlone() {
    store.register(volume("host1"));

    ServiceRecord disabled = store.disable("host1", "bosun-volume", "disk replacement");

    assertThat(disabled.disabled()).isTrue();
    assertThat(disabled.disabledReason()).contains("disk replacement");
    assertThat(disabled.up()).isTrue();
    assertThat(store.get("host1", "bosun-volume").disabledReason()).contains("disk replacement");

    ServiceRecord enabled = store.enable("host1", "bosun-volume");
    assertThat(enabled.disabled()).isFalse();
    assertThat(enabled.disabledReason()).isEmpty();
  }

  @Test
  void disablingWithAnEmptyReasonRecordsNone() {
    store.register(volume("host1"));

    assertThat(store.disable("host1", "bosun-volume", "").disabledReason()).isEmpty();
  }

  @Test
  void aDisabledReasonLongerThanTheColumnIsRefusedWithItsLength() {
    store.register(volume("host1"));

    assertThatThrownBy(() -> store.disable("host1", "bosun-volume", "x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256");
  }

  @Test
  void operationsOnAnUnknownServiceNameTheHostAndBinary() {
    store.register(volume("host1"));
    List<Consumer<ServiceStore>> operations =
        List.of(
            s -> s.get("host9", "bosun-volume"),
            s -> s.disable("host9", "bosun-volume", "why"),
            s -> s.enable("host9", "bosun-volume"),
            s -> s.forceDown("host9", "bosun-volume"),
            s -> s.unforceDown("host9", "bosun-volume"),
            s -> s.delete("host9", "bosun-volume"));
    for (Consumer<ServiceStore> operation : operations) {
      assertThatThrownBy(() -> operation.accept(store))
          .isInstanceOf(ServiceNotFoundException.class)
          .hasMessageContaining("host9")
          .hasMessageContaining("bosun-volume")
          .satisfies(e -> assertThat(((ServiceNotFoundException) e).host()).isEqualTo("host9"));
    }
    assertThat(store.find("host9", "bosun-volume")).isEmpty();
  }

  @Test
  void aDeletedServiceIsGoneAndCanBeRegisteredAgainAsANewRow() {
    ServiceRecord old = store.register(volume("host1"));

    store.delete("host1", "bosun-volume");

    assertThat(store.find("host1", "bosun-volume")).isEmpty();
    assertThat(store.list(ServiceFilter.all())).isEmpty();
    assertThat(store.reportState(old.id())).isFalse();
    assertThatThrownBy(() -> store.delete("host1", "bosun-volume"))
        .isInstanceOf(ServiceNotFoundException.class);

    ServiceRecord again = store.register(volume("host1"));
    assertThat(again.id()).isNotEqualTo(old.id());
    assertThat(again.uuid()).isNotEqualTo(old.uuid());
    assertThat(again.reportCount()).isZero();
    store.delete("host1", "bosun-volume");
    assertThat(store.register(volume("host1")).id()).isNotIn(old.id(), again.id());
  }

  @Test
  void listFiltersByHostBinaryAndTopic() {
    store.register(volume("host1"));
    store.register(volume("host2"));
    store.register(ServiceRegistration.create("host1", "bosun-scheduler", "scheduler", 3, "2.0"));

    assertThat(store.list(ServiceFilter.all())).hasSize(3);
    assertThat(store.list(ServiceFilter.all().withHost("host1")))
        .extracting(ServiceRecord::binary)
        .containsExactly("bosun-volume", "bosun-scheduler");
    assertThat(store.list(ServiceFilter.all().withBinary("bosun-volume")))
        .extracting(ServiceRecord::host)
        .containsExactly("host1", "host2");
    assertThat(store.list(ServiceFilter.all().withHost("host2").withBinary("bosun-volume")))
        .hasSize(1);
    assertThat(store.list(ServiceFilter.all().withTopic("scheduler")))
        .extracting(ServiceRecord::host)
        .containsExactly("host1");
    assertThat(store.list(ServiceFilter.all().withHost("nowhere"))).isEmpty();
  }

  @Test
  void minimumRpcVersionComparesNumbersAndCountsOnlyUpServices() {
    store.register(ServiceRegistration.create("a", "bosun-volume", "volume", 3, "1.10"));
    store.register(ServiceRegistration.create("b", "bosun-volume", "volume", 3, "1.9"));
    store.register(ServiceRegistration.create("c", "bosun-volume", "volume", 3, "2.0"));
    store.register(ServiceRegistration.create("d", "bosun-volume", "volume", 3, "1.2"));
    store.register(ServiceRegistration.create("e", "bosun-volume", "volume", 3, "1.1"));
    store.register(ServiceRegistration.create("f", "bosun-backup", "backup", 3, "0.1"));
    store.forceDown("d", "bosun-volume");
    store.delete("e", "bosun-volume");

    assertThat(store.minimumRpcVersion("volume")).contains("1.9");
    assertThat(store.minimumRpcVersion("nothing")).isEmpty();

    store.forceDown("b", "bosun-volume");
    assertThat(store.minimumRpcVersion("volume")).contains("1.10");
  }

  @Test
  void minimumRpcVersionIsEmptyWhenEveryServiceOfTheTopicIsDown() {
    store.register(volume("host1"));

    advanceClock(DOWN_TIME.plusSeconds(1));

    assertThat(store.minimumRpcVersion("volume")).isEmpty();
  }

  @Test
  void minimumVersionIsTheOldestCodeAmongUpServicesOfABinary() {
    store.register(ServiceRegistration.create("a", "bosun-volume", "volume", 7, "1.0"));
    store.register(ServiceRegistration.create("b", "bosun-volume", "volume", 5, "1.0"));
    store.register(ServiceRegistration.create("c", "bosun-volume", "volume", 4, "1.0"));
    store.forceDown("c", "bosun-volume");

    assertThat(store.minimumVersion("bosun-volume")).contains(5);
    assertThat(store.minimumVersion("bosun-nothing")).isEmpty();
  }

  @Test
  void listingTenThousandServicesReturnsEachWithItsUpState() {
    int half = 5_000;
    registerMany(0, half);
    advanceClock(DOWN_TIME.plusSeconds(1));
    registerMany(half, 2 * half);

    List<ServiceRecord> all = store.list(ServiceFilter.all());

    assertThat(all).hasSize(2 * half);
    for (int i = 0; i < all.size(); i++) {
      ServiceRecord record = all.get(i);
      assertThat(record.host()).isEqualTo("host" + i);
      assertThat(record.up()).as("up state of %s", record.host()).isEqualTo(i >= half);
    }
    assertThat(store.list(ServiceFilter.all().withHost("host4321")))
        .singleElement()
        .satisfies(r -> assertThat(r.up()).isFalse());
  }

  /** Registers hosts {@code host<from>} to {@code host<to - 1>} in that order. */
  protected void registerMany(int from, int to) {
    for (int i = from; i < to; i++) {
      store.register(volume("host" + i));
    }
  }

  @Test
  void heartbeatRecreatesADeletedRowAndGoesOnBeatingIntoTheNewOne() {
    ServiceRecord record = store.register(volume("host1"));
    Heartbeat heartbeat = Heartbeat.builder(store, record).build();
    heartbeat.reportState();
    store.delete("host1", "bosun-volume");

    heartbeat.reportState();
    heartbeat.reportState();

    ServiceRecord recreated = store.get("host1", "bosun-volume");
    assertThat(recreated.id()).isNotEqualTo(record.id());
    assertThat(recreated.version()).isEqualTo(3);
    assertThat(recreated.rpcCurrentVersion()).contains("1.4");
    assertThat(recreated.reportCount()).isEqualTo(1);
    assertThat(heartbeat.status().serviceId()).isEqualTo(recreated.id());
    assertThat(heartbeat.status().recreations()).isEqualTo(1);
  }

  @Test
  void heartbeatIsSkippedWhileTheServiceIsNotWorkingSoItAppearsDown() {
    ServiceRecord record = store.register(volume("host1"));
    AtomicBoolean working = new AtomicBoolean(false);
    Heartbeat heartbeat = Heartbeat.builder(store, record).isWorking(working::get).build();

    heartbeat.reportState();
    advanceClock(DOWN_TIME.plusSeconds(1));
    heartbeat.reportState();

    assertThat(store.get("host1", "bosun-volume").reportCount()).isZero();
    assertThat(store.get("host1", "bosun-volume").up()).isFalse();
    assertThat(heartbeat.status().skipping()).isTrue();

    working.set(true);
    heartbeat.reportState();
    assertThat(store.get("host1", "bosun-volume").up()).isTrue();
    assertThat(heartbeat.status().skipping()).isFalse();
  }

  @Test
  void heartbeatBeatsOnItsOwnThreadUntilStopped() {
    ServiceRecord record = store.register(volume("host1"));
    Heartbeat heartbeat =
        Heartbeat.builder(store, record)
            .reportInterval(Duration.ofMillis(20))
            .initialDelay(Duration.ZERO)
            .build();
    heartbeat.start();
    heartbeat.start();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> store.get("host1", "bosun-volume").reportCount() >= 3);
    } finally {
      heartbeat.stop();
      heartbeat.stop();
    }
    long afterStop = store.get("host1", "bosun-volume").reportCount();
    assertThat(heartbeat.status().beats()).isEqualTo(afterStop);
    assertThat(heartbeat.status().failures()).isZero();
    assertThatThrownBy(heartbeat::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("volume@host1");
  }

  @Test
  void describeNamesTheStore() {
    assertThat(store.describe()).isNotBlank();
    assertThat(Optional.of(store.serviceDownTime())).contains(DOWN_TIME);
  }
}
