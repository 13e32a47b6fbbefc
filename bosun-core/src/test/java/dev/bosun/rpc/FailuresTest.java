package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.rpc.allowed.CheckedProblem;
import dev.bosun.rpc.allowed.NoStringConstructorException;
import dev.bosun.rpc.allowed.VolumeBusyException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class FailuresTest {
  private static final Set<String> ALLOWED = Set.of("dev.bosun.rpc.allowed");
  private static final ClassLoader LOADER = FailuresTest.class.getClassLoader();

  private static RuntimeException roundTrip(Throwable error, Set<String> allowed) {
    return Failures.fromWire(Failures.toWire(error), allowed, LOADER, "m", "1.0");
  }

  @Test
  void javaExceptionGoesOutWithPackageAsModuleAndSimpleNameAsClass() throws Exception {
    JsonNode failure =
        RpcJson.MAPPER.readTree(Failures.toWire(new VolumeBusyException("volume 7 is busy")));
    assertThat(failure.get("class").asString()).isEqualTo("VolumeBusyException");
    assertThat(failure.get("module").asString()).isEqualTo("dev.bosun.rpc.allowed");
    assertThat(failure.get("message").asString()).isEqualTo("volume 7 is busy");
    assertThat(failure.get("tb").isArray()).isTrue();
    assertThat(failure.get("tb").get(0).asString()).endsWith("\n");
    assertThat(failure.get("args").get(0).asString()).isEqualTo("volume 7 is busy");
    assertThat(failure.get("kwargs").isObject()).isTrue();
  }

  @Test
  void allowedRuntimeExceptionIsRebuiltAsItsOwnTypeWithTheRemoteAsCause() {
    RuntimeException rebuilt = roundTrip(new VolumeBusyException("busy"), ALLOWED);
    assertThat(rebuilt).isExactlyInstanceOf(VolumeBusyException.class).hasMessage("busy");
    assertThat(rebuilt.getCause())
        .isInstanceOfSatisfying(
            RemoteException.class, remote -> assertThat(remote.traceback()).isNotEmpty());
  }

  @Test
  void notAllowedPackageGivesRemoteExceptionWithClassModuleMessage() {
    RuntimeException error = roundTrip(new VolumeBusyException("busy"), Set.of());
    assertThat(error)
        .isInstanceOfSatisfying(
            RemoteException.class,
            remote -> {
              assertThat(remote.remoteClass()).isEqualTo("VolumeBusyException");
              assertThat(remote.remoteModule()).isEqualTo("dev.bosun.rpc.allowed");
              assertThat(remote.remoteMessage()).isEqualTo("busy");
              assertThat(remote.getMessage()).contains("VolumeBusyException", "busy");
            });
  }

  @Test
  void allowedButUnsuitableTypesAreNeverInstantiated() {
    assertThat(roundTrip(new NoStringConstructorException(3), ALLOWED))
        .isExactlyInstanceOf(RemoteException.class);
    assertThat(roundTrip(new CheckedProblem("checked"), ALLOWED))
        .isExactlyInstanceOf(RemoteException.class);
    String sneaky =
        "{\"class\": \"lang.Runtime\", \"module\": \"dev.bosun.rpc.allowed\", "
            + "\"message\": \"x\"}";
    assertThat(Failures.fromWire(sneaky, ALLOWED, LOADER, "m", "1.0"))
        .isExactlyInstanceOf(RemoteException.class);
    String missing =
        "{\"class\": \"Nope\", \"module\": \"dev.bosun.rpc.allowed\", " + "\"message\": \"x\"}";
    assertThat(Failures.fromWire(missing, ALLOWED, LOADER, "m", "1.0"))
        .isExactlyInstanceOf(RemoteException.class);
  }

  @Test
  void pythonFailureKeepsItsFields() {
    String failure =
        "{\"class\": \"InteropError\", \"module\": \"interop_errors\", \"message\": "
            + "\"boom\", \"tb\": [\"Traceback\\n\"], \"args\": [\"boom\"], \"kwargs\": {\"code\": 7}}";
    RuntimeException error = Failures.fromWire(failure, Set.of(), LOADER, "m", "1.0");
    assertThat(error)
        .isInstanceOfSatisfying(
            RemoteException.class,
            remote -> {
              assertThat(remote.remoteClass()).isEqualTo("InteropError");
              assertThat(remote.remoteModule()).isEqualTo("interop_errors");
              assertThat(remote.traceback()).containsExactly("Traceback\n");
              assertThat(remote.args()).containsExactly("boom");
              assertThat(remote.kwargs()).containsEntry("code", 7);
            });
  }

  @Test
  void minimalFailureIsEnough() {
    String failure =
        "{\"class\": \"RuntimeError\", \"module\": \"builtins\", \"message\": " + "\"minimal\"}";
    assertThat(Failures.fromWire(failure, Set.of(), LOADER, "m", "1.0"))
        .isInstanceOfSatisfying(
            RemoteException.class,
            remote -> assertThat(remote.remoteMessage()).isEqualTo("minimal"));
  }

  @Test
  void dispatchFailuresUseOsloNamesAndComeBackTyped() throws Exception {
    ObjectNode noMethod = Failures.toJson(new NoSuchMethodException("no_such"));
    assertThat(noMethod.get("class").asString()).isEqualTo("NoSuchMethod");
    assertThat(noMethod.get("module").asString()).isEqualTo("oslo_messaging.rpc.dispatcher");
    assertThat(noMethod.get("message").asString())
        .isEqualTo("Endpoint does not support RPC method no_such");
    ObjectNode version = Failures.toJson(new UnsupportedVersionException("add", "2.0"));
    assertThat(version.get("class").asString()).isEqualTo("UnsupportedVersion");
    assertThat(version.get("message").asString())
        .isEqualTo("Endpoint does not support RPC version 2.0. Attempted method: add");

    assertThat(Failures.fromWire(noMethod.toString(), Set.of(), LOADER, "no_such", "1.0"))
        .isInstanceOfSatisfying(
            NoSuchMethodException.class,
            e -> {
              assertThat(e.method()).isEqualTo("no_such");
              assertThat(e.getCause()).isInstanceOf(RemoteException.class);
            });
    assertThat(Failures.fromWire(version.toString(), Set.of(), LOADER, "add", "2.0"))
        .isInstanceOfSatisfying(
            UnsupportedVersionException.class,
            e -> assertThat(e.requestedVersion()).isEqualTo("2.0"));
  }

  @Test
  void remoteExceptionThrownByAHandlerIsPassedOnAsItCame() {
    RemoteException original =
        new RemoteException(
            "ValueError",
            "builtins",
            "bad value",
            List.of("line\n"),
            List.of("bad value"),
            Map.of());
    RuntimeException again = roundTrip(original, Set.of());
    assertThat(again)
        .isInstanceOfSatisfying(
            RemoteException.class,
            remote -> {
              assertThat(remote.remoteClass()).isEqualTo("ValueError");
              assertThat(remote.remoteModule()).isEqualTo("builtins");
              assertThat(remote.traceback()).containsExactly("line\n");
            });
  }

  @Test
  void garbageFailureIsARemoteExceptionNotACrash() {
    assertThat(Failures.fromWire("not json", Set.of(), LOADER, "m", "1.0"))
        .isInstanceOf(RemoteException.class)
        .hasMessageContaining("not JSON");
    assertThat(Failures.fromWire("[1]", Set.of(), LOADER, "m", "1.0"))
        .isInstanceOf(RemoteException.class);
  }
}
