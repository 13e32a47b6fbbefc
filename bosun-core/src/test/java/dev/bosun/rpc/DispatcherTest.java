package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DispatcherTest {
  public record Size(int gigabytes, String kind) {}

  public static class Volumes {
    @Rpc
    public String createVolume(RequestContext context, int size, Optional<String> name) {
      return context.userId().orElse("?") + ":" + size + ":" + name.orElse("none");
    }

    @Rpc
    public int add(int a, int b) {
      return a + b;
    }

    @Rpc
    public String describe(Size size, List<String> tags) {
      return size.gigabytes() + size.kind() + tags;
    }

    @Rpc
    public void nothing() {}

    @Rpc
    @Name("legacy_Name")
    public String renamed(@Name("volumeId") String id) {
      return id;
    }

    public String notExposed() {
      return "hook";
    }
  }

  public static class Admin {
    @Rpc
    public String add(int a, int b) {
      return "admin";
    }
  }

  public static class Newer {
    @Rpc
    public String add(int a, int b) {
      return "newer";
    }
  }

  private final RequestContext context = RequestContext.builder().userId("u1").build();

  private Dispatcher dispatcher() {
    return new Dispatcher(
        List.of(
            Endpoint.of(new Volumes(), Optional.empty(), "1.3"),
            Endpoint.of(new Admin(), Optional.of("admin"), "1.0"),
            Endpoint.of(new Newer(), Optional.empty(), "2.1")));
  }

  private JsonNode dispatch(
      String method, String argsJson, Optional<String> namespace, String version) throws Throwable {
    return dispatcher()
        .dispatch(context, method, RpcJson.MAPPER.readTree(argsJson), namespace, version);
  }

  @Test
  void picksEndpointByNamespaceAndCompatibleVersion() throws Throwable {
    assertThat(dispatch("add", "{\"a\": 2, \"b\": 3}", Optional.empty(), "1.0").asInt())
        .isEqualTo(5);
    assertThat(dispatch("add", "{\"a\": 2, \"b\": 3}", Optional.empty(), "1.2.9").asInt())
        .isEqualTo(5);
    assertThat(dispatch("add", "{\"a\": 2, \"b\": 3}", Optional.of("admin"), "1.0").asString())
        .isEqualTo("admin");
    assertThat(dispatch("add", "{\"a\": 2, \"b\": 3}", Optional.empty(), "2.0").asString())
        .isEqualTo("newer");
  }

  @Test
  void unknownMethodOnCompatibleEndpointIsNoSuchMethod() {
    assertThatThrownBy(() -> dispatch("no_such", "{}", Optional.empty(), "1.0"))
        .isInstanceOf(NoSuchMethodException.class)
        .hasMessage("Endpoint does not support RPC method no_such");
  }

  @Test
  void publicMethodWithoutRpcAnnotationIsNotCallable() {
    assertThatThrownBy(() -> dispatch("not_exposed", "{}", Optional.empty(), "1.0"))
        .isInstanceOf(NoSuchMethodException.class);
  }

  @Test
  void underscoreNamesAreNeverDispatched() {
    assertThatThrownBy(() -> dispatch("_add", "{}", Optional.empty(), "1.0"))
        .isInstanceOf(NoSuchMethodException.class);
  }

  @Test
  void newerMinorRevisionOrUnknownNamespaceIsUnsupportedVersion() {
    assertThatThrownBy(() -> dispatch("add", "{}", Optional.empty(), "1.4"))
        .isInstanceOf(UnsupportedVersionException.class)
        .hasMessage("Endpoint does not support RPC version 1.4. Attempted method: add");
    assertThatThrownBy(() -> dispatch("add", "{}", Optional.empty(), "1.3.1"))
        .isInstanceOf(UnsupportedVersionException.class);
    assertThatThrownBy(() -> dispatch("add", "{}", Optional.of("nope"), "1.0"))
        .isInstanceOf(UnsupportedVersionException.class)
        .hasMessageContaining("RPC version 1.0");
  }

  @Test
  void contextIsPassedAndOptionalArgumentsMayBeLeftOut() throws Throwable {
    assertThat(dispatch("create_volume", "{\"size\": 10}", Optional.empty(), "1.0").asString())
        .isEqualTo("u1:10:none");
    assertThat(
            dispatch("create_volume", "{\"size\": 10, \"name\": \"v\"}", Optional.empty(), "1.0")
                .asString())
        .isEqualTo("u1:10:v");
  }

  @Test
  void argumentsAreConvertedToRecordsAndLists() throws Throwable {
    assertThat(
            dispatch(
                    "describe",
                    "{\"size\": {\"gigabytes\": 5, \"kind\": \"ssd\", \"extra\": 1}, \"tags\": [\"a\"]}",
                    Optional.empty(),
                    "1.0")
                .asString())
        .isEqualTo("5ssd[a]");
  }

  @Test
  void nameAnnotationOverridesMethodAndArgumentNames() throws Throwable {
    assertThat(dispatch("legacy_Name", "{\"volumeId\": \"x\"}", Optional.empty(), "1.0").asString())
        .isEqualTo("x");
  }

  @Test
  void voidMethodsAndMissingArgsObjectReturnNull() throws Throwable {
    assertThat(dispatcher().dispatch(context, "nothing", null, Optional.empty(), "1.0").isNull())
        .isTrue();
  }

  @Test
  void missingArgumentsAreATypeErrorNamingThem() {
    assertThatThrownBy(() -> dispatch("add", "{\"a\": 1}", Optional.empty(), "1.0"))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> {
              assertThat(e.remoteClass()).isEqualTo("TypeError");
              assertThat(e.remoteModule()).isEqualTo("builtins");
              assertThat(e.remoteMessage()).contains("add()", "missing 1 required argument: 'b'");
            });
  }

  @Test
  void surplusArgumentsAreATypeErrorNamingThem() {
    assertThatThrownBy(
            () -> dispatch("add", "{\"a\": 1, \"b\": 2, \"c\": 3}", Optional.empty(), "1.0"))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> assertThat(e.remoteMessage()).contains("unexpected keyword argument 'c'"));
  }

  @Test
  void wrongTypesAreATypeErrorNamingArgumentAndType() {
    for (String args :
        new String[] {
          "{\"a\": \"5\", \"b\": 2}",
          "{\"a\": 1.5, \"b\": 2}",
          "{\"a\": null, \"b\": 2}",
          "{\"a\": [1], \"b\": 2}"
        }) {
      assertThatThrownBy(() -> dispatch("add", args, Optional.empty(), "1.0"))
          .as(args)
          .isInstanceOfSatisfying(
              RemoteException.class,
              e -> {
                assertThat(e.remoteClass()).isEqualTo("TypeError");
                assertThat(e.remoteMessage()).contains("argument 'a' must be int");
              });
    }
  }

  @Test
  void argsThatAreNotAnObjectAreATypeError() {
    assertThatThrownBy(() -> dispatch("add", "[1, 2]", Optional.empty(), "1.0"))
        .isInstanceOfSatisfying(
            RemoteException.class,
            e -> assertThat(e.remoteMessage()).contains("must be a JSON object"));
  }

  @Test
  void badRequestedVersionIsAValueError() {
    assertThatThrownBy(() -> dispatch("add", "{}", Optional.empty(), "one"))
        .isInstanceOfSatisfying(
            RemoteException.class, e -> assertThat(e.remoteClass()).isEqualTo("ValueError"));
  }

  @Test
  void handlerExceptionsPassThroughUnchanged() {
    Object thrower =
        new Object() {
          @Rpc
          @SuppressWarnings("EffectivelyPrivate") // an RPC method must be public to be found
          public void boom() {
            throw new IllegalStateException("boom");
          }
        };
    Dispatcher one = new Dispatcher(List.of(Endpoint.of(thrower, Optional.empty(), "1.0")));
    assertThatThrownBy(() -> one.dispatch(context, "boom", null, Optional.empty(), "1.0"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
  }
}
