package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointTest {
  @RpcApi(topic = "volume", namespace = "vol", version = "1.4")
  public interface VolumeApi {
    long createVolume(RequestContext context, int size);

    @Cast
    void deleteVolume(RequestContext context, long volumeId);
  }

  public static class VolumeManager implements VolumeApi {
    @Override
    public long createVolume(RequestContext context, int size) {
      return size;
    }

    @Override
    public void deleteVolume(RequestContext context, long volumeId) {}

    public void initHost() {}

    @Rpc
    public String extra() {
      return "x";
    }
  }

  @RpcEndpoint(namespace = "other", version = "3.2")
  public static class Annotated {
    @Rpc
    public void ping() {}
  }

  public static class Nothing {
    public void hook() {}
  }

  public static class Clash {
    @Rpc
    public void doIt() {}

    @Rpc
    @Name("do_it")
    public void another() {}
  }

  public static class Overloaded {
    @Rpc
    public void doIt() {}

    @Rpc
    public void doIt(int a) {}
  }

  @Test
  void managerImplementingAnApiExposesItsMethodsAndRpcAnnotatedOnes() {
    Endpoint endpoint = Endpoint.of(new VolumeManager());
    assertThat(endpoint.methodNames())
        .containsExactlyInAnyOrder("create_volume", "delete_volume", "extra");
    assertThat(endpoint.namespace()).contains("vol");
    assertThat(endpoint.version()).isEqualTo(Version.parse("1.4"));
  }

  @Test
  void rpcEndpointAnnotationGivesNamespaceAndVersion() {
    Endpoint endpoint = Endpoint.of(new Annotated());
    assertThat(endpoint.namespace()).contains("other");
    assertThat(endpoint.version().toString()).isEqualTo("3.2");
  }

  @Test
  void explicitNamespaceAndVersionWin() {
    Endpoint endpoint = Endpoint.of(new VolumeManager(), Optional.of(""), "1.9");
    assertThat(endpoint.namespace()).isEmpty();
    assertThat(endpoint.version().toString()).isEqualTo("1.9");
  }

  @Test
  void anEndpointWithoutRpcMethodsIsRefused() {
    assertThatThrownBy(() -> Endpoint.of(new Nothing()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Nothing.class.getName())
        .hasMessageContaining("exposes no RPC methods");
  }

  @Test
  void twoMethodsWithOneWireNameAreRefused() {
    assertThatThrownBy(() -> Endpoint.of(new Clash())).hasMessageContaining("'do_it'");
    assertThatThrownBy(() -> Endpoint.of(new Overloaded())).hasMessageContaining("no overloading");
  }

  @Test
  void badVersionNamesTheEndpoint() {
    assertThatThrownBy(() -> Endpoint.of(new Annotated(), Optional.empty(), "x"))
        .hasMessageContaining(Annotated.class.getName())
        .hasMessageContaining("'x'");
  }
}
