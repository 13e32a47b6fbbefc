package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.servicegroup.ServiceStoreException;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VersionCapTest {
  private final MutableClock clock = new MutableClock();
  private final ServiceStore store = ServiceStore.inMemory(clock, Duration.ofSeconds(60));
  private final Transport transport =
      Transports.open(TransportUrl.parse("memory://caps-" + UUID.randomUUID()));
  private final RequestContext context = RequestContext.builder().build();

  /** A source of minimum versions that counts how often it is asked. */
  private static final class CountingSource implements Supplier<Optional<String>> {
    final AtomicInteger reads = new AtomicInteger();
    final AtomicReference<Optional<String>> answer = new AtomicReference<>(Optional.empty());

    @Override
    public Optional<String> get() {
      reads.incrementAndGet();
      return answer.get();
    }
  }

  @AfterEach
  void close() {
    transport.close();
    store.close();
  }

  private RpcClient client(VersionCap cap) {
    return RpcClient.builder(transport).target(Target.topic("volume")).versionCap(cap).build();
  }

  @Test
  void fixedAndNoCaps() {
    assertThat(VersionCap.none().current()).isEmpty();
    assertThat(VersionCap.fixed("1.2").current()).contains(Version.parse("1.2"));
    assertThat(VersionCap.fixed("1.2").automatic()).isFalse();
    assertThat(client(VersionCap.none()).canSendVersion("7.0")).isTrue();
    assertThat(client(VersionCap.fixed("1.2")).canSendVersion("1.3")).isFalse();
    assertThatThrownBy(() -> VersionCap.fixed("auto"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'auto'");
  }

  @Test
  void settingsNameAutoAVersionOrNone() {
    VersionCaps caps = VersionCaps.create(store);
    assertThat(caps.forSetting("volume", "auto").automatic()).isTrue();
    assertThat(caps.forSetting("volume", "AUTO")).isSameAs(caps.auto("volume"));
    assertThat(caps.auto("scheduler")).isNotSameAs(caps.auto("volume"));
    assertThat(caps.forSetting("volume", " ")).isEqualTo(VersionCap.none());
    assertThat(caps.forSetting("volume", "1.4").current()).contains(Version.parse("1.4"));
    assertThatThrownBy(() -> caps.forSetting("volume", "latest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("volume")
        .hasMessageContaining("'latest'");
  }

  @Test
  void autoCapIsReadOnFirstUseAndCachedUntilReset() {
    CountingSource source = new CountingSource();
    source.answer.set(Optional.of("1.2"));
    VersionCap cap = VersionCap.auto("volume", source);
    RpcClient client = client(cap);
    assertThat(source.reads).hasValue(0);

    for (int i = 0; i < 100; i++) {
      assertThat(client.canSendVersion("1.2")).isTrue();
      assertThat(client.canSendVersion("1.3")).isFalse();
    }
    assertThat(source.reads).hasValue(1);

    source.answer.set(Optional.of("1.3"));
    assertThat(client.canSendVersion("1.3")).isFalse();
    cap.reset();
    assertThat(source.reads).hasValue(1);
    assertThat(client.canSendVersion("1.3")).isTrue();
    assertThat(source.reads).hasValue(2);
  }

  @Test
  void withoutLiveServicesThereIsNoCapAndNothingIsCached() {
    VersionCaps caps = VersionCaps.create(store);
    RpcClient client = client(caps.auto("volume"));

    try (LogCapture log = new LogCapture(AutoVersionCap.class)) {
      assertThat(client.canSendVersion("1.3")).isTrue();
      assertThat(client.canSendVersion("1.3")).isTrue();
      assertThat(log.lines())
          .containsExactly(
              "INFO No up volume service reports an RPC version"
                  + " in in-memory service store yet; sending volume requests without a version cap and"
                  + " asking again on each request until one does");

      // a service appears: the next request picks it up without a reset
      store.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 1, "1.2"));
      assertThat(client.canSendVersion("1.3")).isFalse();
      assertThat(log.lines())
          .last()
          .isEqualTo(
              "INFO Automatically selected volume RPC version 1.2"
                  + " as minimum service version (1 service)");
    }
  }

  @Test
  void theAutomaticCapIsLoggedOnceWithTheNumberOfServicesItCameFrom() {
    store.register(ServiceRegistration.create("old-host", "bosun-volume", "volume", 1, "1.2"));
    store.register(ServiceRegistration.create("new-host", "bosun-volume", "volume", 2, "1.3"));
    RpcClient client = client(VersionCaps.create(store).auto("volume"));

    try (LogCapture log = new LogCapture(AutoVersionCap.class)) {
      for (int i = 0; i < 10; i++) {
        assertThat(client.canSendVersion("1.3")).isFalse();
        assertThat(client.canSendVersion("1.2")).isTrue();
      }
      assertThat(log.lines())
          .containsExactly(
              "INFO Automatically selected volume RPC version"
                  + " 1.2 as minimum service version (2 services)");
    }
  }

  @Test
  void downServicesAndOtherTopicsDoNotCount() {
    VersionCaps caps = VersionCaps.create(store);
    store.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 1, "1.1"));
    clock.advance(Duration.ofSeconds(61));
    store.register(ServiceRegistration.create("host2", "bosun-volume", "volume", 1, "1.9"));
    store.register(ServiceRegistration.create("host3", "bosun-volume", "volume", 1, "1.10"));
    store.register(ServiceRegistration.create("host1", "bosun-backup", "backup", 1, "1.0"));

    assertThat(caps.auto("volume").current()).contains(Version.parse("1.9"));
  }

  @Test
  void anUnreadableStoreRefusesToSendAndIsAskedAgain() {
    AtomicReference<RuntimeException> failure =
        new AtomicReference<>(new ServiceStoreException("Lost connection to jdbc:h2:mem:x"));
    VersionCap cap =
        VersionCap.auto(
            "volume",
            () -> {
              RuntimeException e = failure.get();
              if (e != null) {
                throw e;
              }
              return Optional.of("1.2");
            });
    RpcClient client = client(cap);

    assertThatThrownBy(() -> client.call(context, "create_volume", Map.of(), String.class))
        .isExactlyInstanceOf(RpcException.class)
        .hasMessageContaining("volume RPC version cap")
        .hasMessageContaining("Lost connection to jdbc:h2:mem:x")
        .hasMessageContaining("nothing was sent")
        .hasCauseInstanceOf(ServiceStoreException.class);
    CompletableFuture<Void> cast = client.castAsync(context, "delete_volume", Map.of());
    // an unresolved automatic cap is read off the caller's thread: wait for the outcome
    assertThat(cast)
        .failsWithin(java.time.Duration.ofSeconds(30))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withMessageContaining("Lost connection to jdbc:h2:mem:x");

    failure.set(null);
    assertThat(client.canSendVersion("1.3")).isFalse();
    assertThat(client.canSendVersion("1.2")).isTrue();
  }

  @Test
  void aCapAboveTheRequestIsCheckedForUntypedCallsAndCasts() {
    VersionCap cap = VersionCap.auto("volume", () -> Optional.of("1"));
    RpcClient client = client(cap).prepare(p -> p.version("1.1"));
    assertThat(cap.current()).contains(Version.parse("1.0"));
    assertThatThrownBy(() -> client.cast(context, "delete_volume", Map.of()))
        .isInstanceOfSatisfying(
            VersionCapException.class, e -> assertThat(e.versionCap()).isEqualTo("1.0"));
  }

  /** Regression: a read in flight when SIGHUP came must not cache what it read before it. */
  @Test
  void aResetDuringAReadIsNotUndoneByThatRead() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    VersionCap cap =
        VersionCap.auto(
            "volume",
            () -> {
              if (reads.incrementAndGet() == 1) {
                reading.countDown();
                try {
                  proceed.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return Optional.of("1.2");
              }
              return Optional.of("1.3");
            });
    CompletableFuture<Optional<Version>> first = CompletableFuture.supplyAsync(cap::current);
    assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();

    cap.reset();
    proceed.countDown();

    assertThat(first.get(30, TimeUnit.SECONDS)).contains(Version.parse("1.2"));
    assertThat(cap.current()).contains(Version.parse("1.3"));
    assertThat(reads).hasValue(2);
  }

  @Test
  void versionCapsResetReachesEveryAutomaticCap() {
    VersionCaps caps = VersionCaps.create(store);
    store.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 1, "1.2"));
    store.register(ServiceRegistration.create("host1", "bosun-backup", "backup", 1, "2.0"));
    RpcClient volume = client(caps.auto("volume"));
    RpcClient backup = client(caps.auto("backup"));
    assertThat(volume.canSendVersion("1.3")).isFalse();
    assertThat(backup.canSendVersion("2.1")).isFalse();

    store.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 2, "1.3"));
    store.register(ServiceRegistration.create("host1", "bosun-backup", "backup", 2, "2.1"));
    assertThat(volume.canSendVersion("1.3")).isFalse();

    try (LogCapture log = new LogCapture(AutoVersionCap.class)) {
      caps.reset();
      assertThat(log.lines())
          .contains(
              "INFO Forgot the automatic volume RPC version cap 1.2; the"
                  + " next volume request reads it again from in-memory service store");
    }
    assertThat(volume.canSendVersion("1.3")).isTrue();
    assertThat(backup.canSendVersion("2.1")).isTrue();
    assertThat(caps.automaticCaps()).hasSize(2);
  }
}
