package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TypedProxyTest {
  public record Volume(long id, int size, String name) {}

  @RpcApi(topic = "volume", version = "1.4")
  public interface VolumeApi {
    Volume createVolume(RequestContext context, int size, Optional<String> name);

    Optional<Volume> findVolume(RequestContext context, long volumeId);

    @Since("1.3")
    CompletableFuture<Integer> countVolumes(RequestContext context);

    @Since("1.4")
    String newest(RequestContext context);

    @Cast
    void deleteVolume(RequestContext context, long volumeId);

    default Volume createDefault(RequestContext context) {
      return createVolume(context, 1, Optional.empty());
    }
  }

  public static class VolumeManager implements VolumeApi {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final java.util.concurrent.CountDownLatch deleted = new java.util.concurrent.CountDownLatch(1);

    @Override
    public Volume createVolume(RequestContext context, int size, Optional<String> name) {
      calls.add("create by " + context.userId().orElse("?"));
      return new Volume(7, size, name.orElse("unnamed"));
    }

    @Override
    public Optional<Volume> findVolume(RequestContext context, long volumeId) {
      return volumeId == 7 ? Optional.of(new Volume(7, 1, "x")) : Optional.empty();
    }

    @Override
    public CompletableFuture<Integer> countVolumes(RequestContext context) {
      return CompletableFuture.supplyAsync(() -> 3);
    }

    @Override
    public String newest(RequestContext context) {
      return "newest";
    }

    @Override
    public void deleteVolume(RequestContext context, long volumeId) {
      calls.add("delete " + volumeId);
      deleted.countDown();
    }
  }

  private final String topic = "volume";
  private Transport transport;
  private RpcServer server;
  private RpcClient client;
  private final VolumeManager manager = new VolumeManager();
  private final RequestContext context = RequestContext.builder().userId("alice").build();

  @BeforeEach
  void start() {
    transport = Transports.open(TransportUrl.parse("memory://proxy-" + UUID.randomUUID()));
    server =
        RpcServer.builder(transport)
            .target(Target.topic(topic).withServer("host1"))
            .endpoint(manager)
            .build();
    server.start();
    client = RpcClient.builder(transport).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
    transport.close();
  }

  @Test
  void proxyCallsReachTheManagerWithContextAndArguments() {
    VolumeApi api = client.proxy(VolumeApi.class);
    assertThat(api.createVolume(context, 10, Optional.of("data")))
        .isEqualTo(new Volume(7, 10, "data"));
    assertThat(api.createVolume(context, 10, Optional.empty()).name()).isEqualTo("unnamed");
    assertThat(api.createDefault(context).size()).isEqualTo(1);
    assertThat(manager.calls).contains("create by alice");
  }

  @Test
  void optionalResultIsEmptyForNull() {
    VolumeApi api = client.proxy(VolumeApi.class);
    assertThat(api.findVolume(context, 7)).isPresent();
    assertThat(api.findVolume(context, 8)).isEmpty();
  }

  @Test
  void asyncMethodsReturnAFuture() {
    VolumeApi api = client.proxy(VolumeApi.class);
    assertThat(api.countVolumes(context).join()).isEqualTo(3);
  }

  @Test
  void castMethodsRunOnTheServer() throws InterruptedException {
    client.proxy(VolumeApi.class).deleteVolume(context, 9);
    assertThat(manager.deleted.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(manager.calls).contains("delete 9");
  }

  @Test
  void methodAboveTheVersionCapFailsBeforeLeavingTheProcess() {
    RpcClient capped = client.prepare(p -> p.versionCap("1.3"));
    VolumeApi api = capped.proxy(VolumeApi.class);
    assertThat(api.countVolumes(context).join()).isEqualTo(3);
    long before = server.statistics().received();
    assertThatThrownBy(() -> api.newest(context))
        .isInstanceOfSatisfying(
            VersionCapException.class,
            e -> {
              assertThat(e.requestedVersion()).isEqualTo("1.4");
              assertThat(e.versionCap()).isEqualTo("1.3");
              assertThat(e).hasMessageContaining("1.4").hasMessageContaining("1.3");
            });
    assertThat(server.statistics().received()).isEqualTo(before);
    assertThat(capped.canSendVersion("1.3")).isTrue();
    assertThat(capped.canSendVersion("1.4")).isFalse();
    assertThat(capped.canSendVersion("2.0")).isFalse();
    assertThat(client.canSendVersion("9.0")).isTrue();
  }

  @RpcApi(topic = "t", version = "1.2")
  public interface SinceAboveApi {
    @Since("1.3")
    void tooNew();
  }

  @RpcApi(topic = "t", version = "2.0")
  public interface SinceOtherMajorApi {
    @Since("1.9")
    void old();
  }

  @RpcApi(topic = "t")
  public interface CastWithResultApi {
    @Cast
    int notVoid();
  }

  @RpcApi(topic = "t")
  public interface OverloadApi {
    void doIt();

    void doIt(int a);
  }

  @RpcApi(topic = "t")
  public interface ContextLaterApi {
    void doIt(int a, RequestContext context);
  }

  public interface NotAnnotatedApi {
    void doIt();
  }

  @RpcApi(topic = "t", version = "one")
  public interface BadVersionApi {
    void doIt();
  }

  @Test
  void badInterfacesAreRefusedAtCreationWithTheProblem() {
    assertThatThrownBy(() -> client.proxy(SinceAboveApi.class))
        .hasMessageContaining("tooNew")
        .hasMessageContaining("1.3");
    assertThatThrownBy(() -> client.proxy(SinceOtherMajorApi.class)).hasMessageContaining("major");
    assertThatThrownBy(() -> client.proxy(CastWithResultApi.class))
        .hasMessageContaining("@Cast")
        .hasMessageContaining("notVoid");
    assertThatThrownBy(() -> client.proxy(OverloadApi.class)).hasMessageContaining("'do_it'");
    assertThatThrownBy(() -> client.proxy(ContextLaterApi.class))
        .hasMessageContaining("first parameter");
    assertThatThrownBy(() -> client.proxy(NotAnnotatedApi.class)).hasMessageContaining("@RpcApi");
    assertThatThrownBy(() -> client.proxy(BadVersionApi.class)).hasMessageContaining("'one'");
    assertThatThrownBy(() -> client.proxy(Volume.class)).hasMessageContaining("not an interface");
  }
}
