package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade of the volume service on the memory transport and the in-memory services
 * table: an old (1.2) and a new (1.3) server side by side, and a new client with an automatic
 * version cap that never sends 1.3 until the old service is gone and SIGHUP reset the cap.
 */
class RollingUpgradeTest {
  static final Duration DOWN_TIME = Duration.ofSeconds(60);

  /** The volume API as the old release has it. */
  @RpcApi(topic = "volume", version = "1.2")
  public interface OldVolumeApi {
    String createVolume(RequestContext context, int size);

    @Since("1.2")
    String extendVolume(RequestContext context, int size);
  }

  /**
   * The volume API of the new release: 1.3 adds a volume type. Every method names its version:
   * one without {@code @Since} would request 1.3, the API version.
   */
  @RpcApi(topic = "volume", version = "1.3")
  public interface VolumeApi {
    @Since("1.0")
    String createVolume(RequestContext context, int size);

    @Since("1.2")
    String extendVolume(RequestContext context, int size);

    @Since("1.3")
    String createTypedVolume(RequestContext context, int size, String volumeType);
  }

  public static class OldVolumeManager implements OldVolumeApi {
    @Override
    public String createVolume(RequestContext context, int size) {
      return "old: " + size;
    }

    @Override
    public String extendVolume(RequestContext context, int size) {
      return "old: extended to " + size;
    }
  }

  public static class NewVolumeManager implements VolumeApi {
    @Override
    public String createVolume(RequestContext context, int size) {
      return "new: " + size;
    }

    @Override
    public String extendVolume(RequestContext context, int size) {
      return "new: extended to " + size;
    }

    @Override
    public String createTypedVolume(RequestContext context, int size, String volumeType) {
      return "new: " + size + " " + volumeType;
    }
  }

  /** The new release's client code: the typed form when every server reads it, else the old. */
  static String createVolume(RpcClient client, VolumeApi api, int size, String type) {
    RequestContext context = RequestContext.builder().build();
    if (client.canSendVersion("1.3")) {
      return api.createTypedVolume(context, size, type);
    }
    return api.createVolume(context, size);
  }

  private final MutableClock clock = new MutableClock();
  private final ServiceStore store = ServiceStore.inMemory(clock, DOWN_TIME);
  private final RequestContext context = RequestContext.builder().build();
  private Transport transport;
  private WireRecorder oldServerWire;
  private WireRecorder clientWire;
  private RpcServer oldServer;
  private RpcServer newServer;
  private ServiceRecord oldService;
  private ServiceRecord newService;
  private RpcClient client;

  @BeforeEach
  void startOldAndNewSideBySide() {
    transport = Transports.open(TransportUrl.parse("memory://upgrade-" + UUID.randomUUID()));
    oldServerWire = new WireRecorder(transport);
    clientWire = new WireRecorder(transport);
    oldServer = RpcServer.builder(oldServerWire)
        .target(Target.topic("volume").withServer("old-host"))
        .endpoint(new OldVolumeManager()).build();
    oldServer.start();
    oldService = store.register(
        ServiceRegistration.create("old-host", "bosun-volume", "volume", 1, "1.2"));
    newServer = RpcServer.builder(transport).target(Target.topic("volume").withServer("new-host"))
        .endpoint(new NewVolumeManager()).build();
    newServer.start();
    newService = store.register(
        ServiceRegistration.create("new-host", "bosun-volume", "volume", 2, "1.3"));
    store.reportState(oldService.id());
    store.reportState(newService.id());
  }

  @AfterEach
  void stopEverything() {
    if (client != null) {
      client.close();
    }
    oldServer.stop();
    newServer.stop();
    transport.close();
    store.close();
  }

  @Test
  void autoCapNeverSendsTheNewVersionUntilTheOldServiceIsGoneAndTheCapIsReset() {
    VersionCaps caps = VersionCaps.create(store);
    client = RpcClient.builder(clientWire).versionCap(caps.auto("volume")).build();
    VolumeApi api = client.proxy(VolumeApi.class);
    List<String> results = new ArrayList<>();

    try (LogCapture log = new LogCapture(AutoVersionCap.class)) {
      for (int i = 0; i < 10; i++) {
        results.add(createVolume(client, api, 10, "ssd"));
        results.add(api.extendVolume(context, 20));
      }
      assertThat(log.lines()).containsExactly("INFO Automatically selected volume RPC version"
          + " 1.2 as minimum service version (2 services)");
    }

    assertThat(client.versionCap().current()).contains(Version.parse("1.2"));
    assertThat(client.canSendVersion("1.3")).isFalse();
    // the old-compatible form, served by both servers
    assertThat(results).isSubsetOf("old: 10", "new: 10", "old: extended to 20",
        "new: extended to 20");
    assertThat(results).anyMatch(r -> r.startsWith("old:")).anyMatch(r -> r.startsWith("new:"));
    int sentBefore = clientWire.sent().size();
    assertThatThrownBy(() -> api.createTypedVolume(context, 10, "ssd"))
        .isInstanceOfSatisfying(VersionCapException.class, e -> {
          assertThat(e.requestedVersion()).isEqualTo("1.3");
          assertThat(e.versionCap()).isEqualTo("1.2");
        });
    assertThatThrownBy(() -> client.prepare(p -> p.topic("volume").version("1.3"))
        .call(context, "create_typed_volume", java.util.Map.of("size", 1, "volume_type", "x"),
            String.class))
        .isInstanceOf(VersionCapException.class);
    assertThat(clientWire.sent()).hasSize(sentBefore);
    assertThat(WireRecorder.versions(clientWire.sent())).doesNotContain("1.3")
        .contains("1.0", "1.2");
    assertThat(WireRecorder.versions(oldServerWire.received())).isNotEmpty()
        .doesNotContain("1.3");

    // the old service goes away: its server stops, its heartbeat ages past service_down_time
    oldServer.stop();
    clock.advance(DOWN_TIME.plusSeconds(1));
    store.reportState(newService.id());
    assertThat(store.minimumRpcVersion("volume")).contains("1.3");

    // cached until SIGHUP, as in nova and cinder
    assertThat(client.canSendVersion("1.3")).isFalse();
    assertThat(createVolume(client, api, 10, "ssd")).isEqualTo("new: 10");

    caps.reset();

    assertThat(client.canSendVersion("1.3")).isTrue();
    assertThat(createVolume(client, api, 10, "ssd")).isEqualTo("new: 10 ssd");
    assertThat(api.createTypedVolume(context, 5, "hdd")).isEqualTo("new: 5 hdd");
    assertThat(WireRecorder.versions(clientWire.sent())).contains("1.3");
    assertThat(WireRecorder.versions(oldServerWire.received())).doesNotContain("1.3");
  }

  @Test
  void deletingTheOldServiceRaisesTheCapAfterReset() {
    VersionCaps caps = VersionCaps.create(store);
    client = RpcClient.builder(clientWire).target(Target.topic("volume"))
        .versionCap(caps.forSetting("volume", "auto")).build();
    VolumeApi api = client.proxy(VolumeApi.class);
    assertThat(createVolume(client, api, 1, "ssd")).isIn("old: 1", "new: 1");

    oldServer.stop();
    store.delete("old-host", "bosun-volume");
    caps.reset();

    assertThat(createVolume(client, api, 1, "ssd")).isEqualTo("new: 1 ssd");
    assertThat(WireRecorder.versions(oldServerWire.received())).doesNotContain("1.3");
  }

  @Test
  void preparedClientsAndProxiesShareTheCapOfTheirClient() {
    VersionCaps caps = VersionCaps.create(store);
    client = RpcClient.builder(clientWire).versionCap(caps.auto("volume")).build();
    RpcClient toNewHost = client.prepare(p -> p.server("new-host"));
    VolumeApi api = toNewHost.proxy(VolumeApi.class);

    assertThatThrownBy(() -> api.createTypedVolume(context, 1, "ssd"))
        .isInstanceOf(VersionCapException.class);

    oldServer.stop();
    store.delete("old-host", "bosun-volume");
    caps.reset();

    assertThat(api.createTypedVolume(context, 1, "ssd")).isEqualTo("new: 1 ssd");
    assertThat(client.canSendVersion("1.3")).isTrue();
  }
}
