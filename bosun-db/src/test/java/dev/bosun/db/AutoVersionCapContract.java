package dev.bosun.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.rpc.RpcApi;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.Since;
import dev.bosun.rpc.Target;
import dev.bosun.rpc.VersionCapException;
import dev.bosun.rpc.VersionCaps;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade with the automatic version cap read from the JDBC services table: an old
 * (1.2) and a new (1.3) volume server on the memory transport, a client capped to the oldest,
 * and the cap raised only after the old service is gone and the caps are reset (SIGHUP).
 */
abstract class AutoVersionCapContract {
  static final Duration DOWN_TIME = Duration.ofSeconds(60);

  @RpcApi(topic = "volume", version = "1.2")
  public interface OldVolumeApi {
    @Since("1.0")
    String createVolume(RequestContext context, int size);
  }

  @RpcApi(topic = "volume", version = "1.3")
  public interface VolumeApi {
    @Since("1.0")
    String createVolume(RequestContext context, int size);

    @Since("1.3")
    String createTypedVolume(RequestContext context, int size, String volumeType);
  }

  public static class OldVolumeManager implements OldVolumeApi {
    @Override
    public String createVolume(RequestContext context, int size) {
      return "old: " + size;
    }
  }

  public static class NewVolumeManager implements VolumeApi {
    @Override
    public String createVolume(RequestContext context, int size) {
      return "new: " + size;
    }

    @Override
    public String createTypedVolume(RequestContext context, int size, String volumeType) {
      return "new: " + size + " " + volumeType;
    }
  }

  private final RequestContext context = RequestContext.builder().build();
  private Database database;
  private ServiceStore store;
  private Transport transport;
  private RecordingTransport clientWire;
  private RpcServer oldServer;
  private RpcServer newServer;
  private ServiceRecord newService;
  private VersionCaps caps;
  private RpcClient client;
  private VolumeApi api;

  /** The URL of a fresh, empty database. */
  protected abstract String newDatabaseUrl();

  /** Removes the database {@link #newDatabaseUrl()} made, after the pool is closed. */
  protected void dropDatabase() {}

  @BeforeEach
  void startOldAndNewSideBySide() {
    database = Database.builder(newDatabaseUrl()).maxPoolSize(4).open();
    database.sync();
    store = database.serviceStore(DOWN_TIME);
    transport = Transports.open(TransportUrl.parse("memory://jdbc-upgrade-" + UUID.randomUUID()));
    clientWire = new RecordingTransport(transport);
    oldServer = RpcServer.builder(transport).target(Target.topic("volume").withServer("old-host"))
        .endpoint(new OldVolumeManager()).build();
    oldServer.start();
    store.register(ServiceRegistration.create("old-host", "bosun-volume", "volume", 1, "1.2"));
    newServer = RpcServer.builder(transport).target(Target.topic("volume").withServer("new-host"))
        .endpoint(new NewVolumeManager()).build();
    newServer.start();
    newService = store.register(
        ServiceRegistration.create("new-host", "bosun-volume", "volume", 2, "1.3"));
    caps = VersionCaps.create(store);
    client = RpcClient.builder(clientWire).versionCap(caps.forSetting("volume", "auto")).build();
    api = client.proxy(VolumeApi.class);
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
    if (database != null) {
      database.close();
    }
    dropDatabase();
  }

  /** The new release's client code: the typed form when every server reads it, else the old. */
  private String createVolume(int size, String type) {
    if (client.canSendVersion("1.3")) {
      return api.createTypedVolume(context, size, type);
    }
    return api.createVolume(context, size);
  }

  private void whileBothRunTheClientSendsOnlyWhatTheOldServerReads() {
    for (int i = 0; i < 6; i++) {
      assertThat(createVolume(10, "ssd")).isIn("old: 10", "new: 10");
    }
    assertThatThrownBy(() -> api.createTypedVolume(context, 10, "ssd"))
        .isInstanceOfSatisfying(VersionCapException.class,
            e -> assertThat(e.versionCap()).isEqualTo("1.2"));
    assertThat(clientWire.sentVersions()).hasSize(6).containsOnly("1.0");
  }

  @Test
  void theCapRisesAfterTheOldHeartbeatAgesAndTheCapsAreReset() {
    whileBothRunTheClientSendsOnlyWhatTheOldServerReads();

    oldServer.stop();
    ageHeartbeat("old-host", DOWN_TIME.plusSeconds(1));
    store.reportState(newService.id());
    assertThat(client.canSendVersion("1.3")).as("cached until reset").isFalse();

    caps.reset();

    assertThat(createVolume(10, "ssd")).isEqualTo("new: 10 ssd");
    assertThat(clientWire.sentVersions()).last().isEqualTo("1.3");
  }

  @Test
  void theCapRisesAfterTheOldServiceIsDeletedAndTheCapsAreReset() {
    whileBothRunTheClientSendsOnlyWhatTheOldServerReads();

    oldServer.stop();
    store.delete("old-host", "bosun-volume");
    caps.reset();

    assertThat(createVolume(10, "ssd")).isEqualTo("new: 10 ssd");
    assertThat(clientWire.sentVersions()).last().isEqualTo("1.3");
  }

  /** The database's clock cannot move: make the host's heartbeat older instead. */
  private void ageHeartbeat(String host, Duration by) {
    String minus = " - INTERVAL '" + by.toSeconds() + "' SECOND";
    String sql = "UPDATE services SET created_at = created_at" + minus
        + ", last_seen_up = last_seen_up" + minus + " WHERE host = ?";
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement update = connection.prepareStatement(sql)) {
      update.setString(1, host);
      assertThat(update.executeUpdate()).isEqualTo(1);
    } catch (SQLException e) {
      throw new AssertionError("failed: " + sql, e);
    }
  }
}
