package dev.bosun.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.rpc.RpcApi;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.Since;
import dev.bosun.rpc.Target;
import dev.bosun.rpc.Version;
import dev.bosun.rpc.VersionCapException;
import dev.bosun.rpc.VersionCaps;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade of the volume service with the automatic version cap read from a {@link
 * ServiceStore}: an old (1.2) and a new (1.3) server side by side on the memory transport, and a
 * new client capped to the oldest that never sends 1.3 until the old service is gone and the caps
 * are reset (SIGHUP). Every service store (in-memory, JDBC on H2 and on PostgreSQL) extends this
 * class and passes it.
 *
 * <p>The old service goes away without waiting: {@link #advanceClock(Duration)} moves the store's
 * "now" forward relative to every stored time (a manual clock for the in-memory store; back-dating
 * the rows for a database, whose clock cannot be moved).
 */
public abstract class AutoVersionCapContract {
  /** The {@code service_down_time} of the stores under test. */
  protected static final Duration DOWN_TIME = Duration.ofSeconds(60);

  /** The volume API as the old release has it. */
  @RpcApi(topic = "volume", version = "1.2")
  public interface OldVolumeApi {
    String createVolume(RequestContext context, int size);

    @Since("1.2")
    String extendVolume(RequestContext context, int size);
  }

  /**
   * The volume API of the new release: 1.3 adds a volume type. Every method names its version: one
   * without {@code @Since} would request 1.3, the API version.
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

  /** The old release's manager. */
  public static final class OldVolumeManager implements OldVolumeApi {
    @Override
    public String createVolume(RequestContext context, int size) {
      return "old: " + size;
    }

    @Override
    public String extendVolume(RequestContext context, int size) {
      return "old: extended to " + size;
    }
  }

  /** The new release's manager. */
  public static final class NewVolumeManager implements VolumeApi {
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

  private final RequestContext context = RequestContext.builder().build();
  private ServiceStore store;
  private Transport transport;
  private WireRecorder oldServerWire;
  private WireRecorder clientWire;
  private RpcServer oldServer;
  private RpcServer newServer;
  private ServiceRecord newService;

  @SuppressWarnings("NullAway.Init") // each test builds the client with the cap it checks
  private RpcClient client;

  /** A fresh, empty store with {@code service_down_time} = {@code serviceDownTime}. */
  protected abstract ServiceStore createStore(Duration serviceDownTime);

  /** Makes every time stored so far {@code by} older, as seen by the store's clock. */
  protected abstract void advanceClock(Duration by);

  /** Releases what {@link #createStore} made, after the store is closed; default: nothing. */
  protected void cleanUp() {}

  @BeforeEach
  void startOldAndNewSideBySide() {
    store = createStore(DOWN_TIME);
    transport = Transports.open(TransportUrl.parse("memory://upgrade-" + UUID.randomUUID()));
    oldServerWire = new WireRecorder(transport);
    clientWire = new WireRecorder(transport);
    oldServer =
        RpcServer.builder(oldServerWire)
            .target(Target.topic("volume").withServer("old-host"))
            .endpoint(new OldVolumeManager())
            .build();
    oldServer.start();
    ServiceRecord oldService =
        store.register(ServiceRegistration.create("old-host", "bosun-volume", "volume", 1, "1.2"));
    newServer =
        RpcServer.builder(transport)
            .target(Target.topic("volume").withServer("new-host"))
            .endpoint(new NewVolumeManager())
            .build();
    newServer.start();
    newService =
        store.register(ServiceRegistration.create("new-host", "bosun-volume", "volume", 2, "1.3"));
    store.reportState(oldService.id());
    store.reportState(newService.id());
  }

  @AfterEach
  void stopEverything() {
    if (client != null) {
      client.close();
    }
    if (oldServer != null) {
      oldServer.stop();
    }
    if (newServer != null) {
      newServer.stop();
    }
    if (transport != null) {
      transport.close();
    }
    if (store != null) {
      store.close();
    }
    cleanUp();
  }

  @Test
  void autoCapNeverSendsTheNewVersionUntilTheOldServiceIsGoneAndTheCapIsReset() {
    VersionCaps caps = VersionCaps.create(store);
    client = RpcClient.builder(clientWire).versionCap(caps.auto("volume")).build();
    VolumeApi api = client.proxy(VolumeApi.class);
    List<String> results = new ArrayList<>();

    for (int i = 0; i < 10; i++) {
      results.add(createVolume(client, api, 10, "ssd"));
      results.add(api.extendVolume(context, 20));
    }

    assertThat(client.versionCap().current()).contains(Version.parse("1.2"));
    assertThat(client.canSendVersion("1.3")).isFalse();
    // the old-compatible form, served by both servers
    assertThat(results)
        .isSubsetOf("old: 10", "new: 10", "old: extended to 20", "new: extended to 20");
    assertThat(results).anyMatch(r -> r.startsWith("old:")).anyMatch(r -> r.startsWith("new:"));
    assertThat(WireRecorder.versions(clientWire.sent())).hasSize(20).containsOnly("1.0", "1.2");
    assertThatThrownBy(() -> api.createTypedVolume(context, 10, "ssd"))
        .isInstanceOfSatisfying(
            VersionCapException.class,
            e -> {
              assertThat(e.requestedVersion()).isEqualTo("1.3");
              assertThat(e.versionCap()).isEqualTo("1.2");
            });
    assertThatThrownBy(
            () ->
                client
                    .prepare(p -> p.topic("volume").version("1.3"))
                    .call(
                        context,
                        "create_typed_volume",
                        Map.of("size", 1, "volume_type", "x"),
                        String.class))
        .isInstanceOf(VersionCapException.class);
    assertThat(clientWire.sent()).as("nothing sent for the refused requests").hasSize(20);
    assertThat(WireRecorder.versions(oldServerWire.received())).isNotEmpty().doesNotContain("1.3");

    // the old service goes away: its server stops, its heartbeat ages past service_down_time
    oldServer.stop();
    advanceClock(DOWN_TIME.plusSeconds(1));
    store.reportState(newService.id());
    assertThat(store.minimumRpcVersion("volume")).contains("1.3");

    // cached until SIGHUP, as in nova and cinder
    assertThat(client.canSendVersion("1.3")).isFalse();
    assertThat(createVolume(client, api, 10, "ssd")).isEqualTo("new: 10");

    caps.reset();

    assertThat(client.canSendVersion("1.3")).isTrue();
    assertThat(createVolume(client, api, 10, "ssd")).isEqualTo("new: 10 ssd");
    assertThat(WireRecorder.versions(clientWire.sent())).last().isEqualTo("1.3");
    assertThat(api.createTypedVolume(context, 5, "hdd")).isEqualTo("new: 5 hdd");
    assertThat(WireRecorder.versions(oldServerWire.received())).doesNotContain("1.3");
  }

  @Test
  void deletingTheOldServiceRaisesTheCapAfterReset() {
    VersionCaps caps = VersionCaps.create(store);
    client =
        RpcClient.builder(clientWire)
            .target(Target.topic("volume"))
            .versionCap(caps.forSetting("volume", "auto"))
            .build();
    VolumeApi api = client.proxy(VolumeApi.class);
    assertThat(createVolume(client, api, 1, "ssd")).isIn("old: 1", "new: 1");
    assertThat(WireRecorder.versions(clientWire.sent())).containsExactly("1.0");

    oldServer.stop();
    store.delete("old-host", "bosun-volume");
    caps.reset();

    assertThat(createVolume(client, api, 1, "ssd")).isEqualTo("new: 1 ssd");
    assertThat(WireRecorder.versions(clientWire.sent())).last().isEqualTo("1.3");
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
