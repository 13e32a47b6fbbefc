package dev.bosun.rabbit;

import dev.bosun.context.RequestContext;
import dev.bosun.rpc.KwArgs;
import dev.bosun.rpc.RemoteException;
import dev.bosun.rpc.Rpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The endpoint of the interop contract ({@code shared/interop/README.md}): what {@code
 * py_rpc_client.py --suite} calls on a server, namespace none, version 1.3. {@code echo(**kwargs)}
 * is oslo's catch-all, written with {@link KwArgs}.
 */
public final class InteropEndpoint {
  private final List<JsonNode> recorded = new ArrayList<>();

  @Rpc
  public Map<String, JsonNode> echo(@KwArgs Map<String, JsonNode> kwargs) {
    return kwargs;
  }

  @Rpc
  public ObjectNode echoContext(RequestContext context) {
    return context.toDict();
  }

  @Rpc
  public long add(long a, long b) {
    return a + b;
  }

  @Rpc
  public void none() {}

  @Rpc
  public long sleep(long seconds) throws InterruptedException {
    Thread.sleep(seconds * 1000);
    return seconds;
  }

  @Rpc
  @SuppressWarnings("DoNotCallSuggester") // an RPC method that fails on purpose, called remotely
  public void raiseValueError(String message) {
    throw new RemoteException(
        "ValueError", "builtins", message, List.of(), List.of(message), Map.of());
  }

  @Rpc
  public void raiseExpected(String message) {
    raiseValueError(message);
  }

  @Rpc
  @SuppressWarnings("DoNotCallSuggester") // as above
  public void raiseCustom(String message, long code) {
    throw new RemoteException(
        "InteropError",
        "interop_errors",
        message,
        List.of(),
        List.of(message),
        Map.of("code", code));
  }

  @Rpc
  public synchronized void record(@KwArgs Map<String, JsonNode> kwargs) {
    recorded.add(JsonNodeFactory.instance.objectNode().setAll(kwargs));
  }

  @Rpc
  public synchronized List<JsonNode> getRecorded() {
    List<JsonNode> copy = List.copyOf(recorded);
    recorded.clear();
    return copy;
  }

  /** Namespace {@code interop_ns}, version 2.1. */
  public static final class Namespaced {
    @Rpc
    public Map<String, Object> nsEcho(@KwArgs Map<String, JsonNode> kwargs) {
      return Map.of("ns", "interop_ns", "args", kwargs);
    }
  }
}
