package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@link KwArgs}: Python's {@code **kwargs} for Java endpoint methods. */
class KwArgsTest {

  public static class Echo {
    @Rpc
    public Map<String, Object> echo(@KwArgs Map<String, Object> kwargs) {
      return kwargs;
    }

    @Rpc
    public String tagged(RequestContext context, String tag, @KwArgs Map<String, JsonNode> rest) {
      return tag + " " + rest.keySet() + " " + rest.values();
    }

    @Rpc
    public int counts(@KwArgs Map<String, Integer> counts) {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Rpc
    public int strict(int a) {
      return a;
    }
  }

  private final RequestContext context = RequestContext.builder().build();

  private static JsonNode json(String text) {
    return RpcJson.MAPPER.readTree(text);
  }

  private JsonNode dispatch(String method, String args) throws Throwable {
    Dispatcher dispatcher =
        new Dispatcher(List.of(Endpoint.of(new Echo(), Optional.empty(), "1.0")));
    return dispatcher.dispatch(context, method, json(args), Optional.empty(), "1.0");
  }

  @Test
  void surplusArgumentsGoIntoTheMapInTheOrderSent() throws Throwable {
    assertThat(
            dispatch(
                "echo",
                "{\"s\": \"x\", \"n\": null, \"l\": [1, 2], \"d\": {\"k\": 1.5},"
                    + " \"big\": 12345678901234567890}"))
        .isEqualTo(
            json(
                "{\"s\": \"x\", \"n\": null, \"l\": [1, 2], \"d\": {\"k\": 1.5},"
                    + " \"big\": 12345678901234567890}"));
    assertThat(dispatch("echo", "{\"b\": 1, \"a\": 2}").propertyNames()).containsExactly("b", "a");
  }

  @Test
  void noSurplusGivesAnEmptyMap() throws Throwable {
    assertThat(dispatch("echo", "{}")).isEqualTo(json("{}"));
    assertThat(dispatch("tagged", "{\"tag\": \"t\"}").asString()).isEqualTo("t [] []");
  }

  @Test
  void namedArgumentsAreNotRepeatedInTheMap() throws Throwable {
    assertThat(dispatch("tagged", "{\"tag\": \"t\", \"x\": null, \"y\": [true]}").asString())
        .isEqualTo("t [x, y] [null, [true]]");
  }

  @Test
  void mapValuesAreConvertedToTheDeclaredType() throws Throwable {
    assertThat(dispatch("counts", "{\"a\": 1, \"b\": 2}").asInt()).isEqualTo(3);
    assertThatThrownBy(() -> dispatch("counts", "{\"a\": 1, \"b\": \"two\"}"))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.remoteClass()).isEqualTo("TypeError");
              assertThat(e.remoteMessage()).contains("keyword argument 'b'", "\"two\"");
            });
  }

  @Test
  void withoutTheAnnotationSurplusArgumentsAreStillATypeError() {
    assertThatThrownBy(() -> dispatch("strict", "{\"a\": 1, \"b\": 2}"))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e ->
                assertThat(e.remoteMessage())
                    .contains("unexpected keyword argument 'b'", "takes strict(a)"));
  }

  public static class NotLast {
    @Rpc
    public void bad(@KwArgs Map<String, Object> kwargs, int a) {}
  }

  public static class NotAMap {
    @Rpc
    public void bad(@KwArgs List<String> kwargs) {}
  }

  public static class NotStringKeys {
    @Rpc
    public void bad(@KwArgs Map<Integer, Object> kwargs) {}
  }

  @Test
  void misplacedOrMistypedAnnotationsFailAtRegistration() {
    assertThatThrownBy(() -> Endpoint.of(new NotLast()))
        .hasMessageContaining("@KwArgs on parameter 1 of 2: it must be the last parameter");
    assertThatThrownBy(() -> Endpoint.of(new NotAMap()))
        .hasMessageContaining("it must be a Map<String, V>");
    assertThatThrownBy(() -> Endpoint.of(new NotStringKeys()))
        .hasMessageContaining("it must be a Map<String, V>");
  }

  @RpcApi(topic = "kw", version = "1.0")
  public interface EchoApi {
    Map<String, Object> echo(RequestContext context, @KwArgs Map<String, Object> kwargs);

    String tagged(RequestContext context, String tag, @KwArgs Map<String, Object> rest);
  }

  @Test
  void aTypedProxySendsTheMapsEntriesAsKeywordArguments() {
    try (Transport transport =
        Transports.open(TransportUrl.parse("memory://kw-" + UUID.randomUUID()))) {
      RpcServer server =
          RpcServer.builder(transport)
              .target(Target.topic("kw").withServer("h"))
              .endpoint(new Echo())
              .build();
      server.start();
      try (RpcClient client = RpcClient.builder(transport).build()) {
        EchoApi api = client.proxy(EchoApi.class);
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("s", "x");
        sent.put("n", 5);
        assertThat(api.echo(context, sent)).isEqualTo(sent);
        assertThat(api.tagged(context, "t", Map.of("z", 1))).isEqualTo("t [z] [1]");
        assertThatThrownBy(() -> api.tagged(context, "t", Map.of("tag", "again")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'tag', which is also a named argument");
      } finally {
        server.stop();
      }
    }
  }
}
