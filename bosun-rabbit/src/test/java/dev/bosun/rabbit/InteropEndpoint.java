package dev.bosun.rabbit;

import dev.bosun.context.RequestContext;
import dev.bosun.rpc.RemoteException;
import dev.bosun.rpc.Rpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The endpoint of the interop contract ({@code shared/interop/README.md}): what
 * {@code py_rpc_client.py --suite} calls on a server, namespace none, version 1.3.
 *
 * <p>oslo's {@code echo(**kwargs)} takes any keyword arguments; Bosun's dispatcher binds named
 * parameters only, so {@code echo} names every key the suite sends, each optional
 * ({@code Optional<JsonNode>} keeps a JSON {@code null} apart from an absent key).
 */
public final class InteropEndpoint {
  private final List<JsonNode> recorded = new ArrayList<>();

  @Rpc
  public ObjectNode echo(Optional<JsonNode> s, Optional<JsonNode> u, Optional<JsonNode> i,
      Optional<JsonNode> neg, Optional<JsonNode> big, Optional<JsonNode> f, Optional<JsonNode> t,
      Optional<JsonNode> n, Optional<JsonNode> l, Optional<JsonNode> d, Optional<JsonNode> emptyS,
      Optional<JsonNode> emptyL, Optional<JsonNode> emptyD, Optional<JsonNode> x,
      Optional<JsonNode> v, Optional<JsonNode> o) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    put(out, "s", s);
    put(out, "u", u);
    put(out, "i", i);
    put(out, "neg", neg);
    put(out, "big", big);
    put(out, "f", f);
    put(out, "t", t);
    put(out, "n", n);
    put(out, "l", l);
    put(out, "d", d);
    put(out, "empty_s", emptyS);
    put(out, "empty_l", emptyL);
    put(out, "empty_d", emptyD);
    put(out, "x", x);
    put(out, "v", v);
    put(out, "o", o);
    return out;
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
  public void raiseValueError(String message) {
    throw new RemoteException("ValueError", "builtins", message, List.of(), List.of(message),
        Map.of());
  }

  @Rpc
  public void raiseExpected(String message) {
    raiseValueError(message);
  }

  @Rpc
  public void raiseCustom(String message, long code) {
    throw new RemoteException("InteropError", "interop_errors", message, List.of(),
        List.of(message), Map.of("code", code));
  }

  @Rpc
  public synchronized void record(Optional<JsonNode> tag, Optional<JsonNode> n) {
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    put(args, "tag", tag);
    put(args, "n", n);
    recorded.add(args);
  }

  @Rpc
  public synchronized List<JsonNode> getRecorded() {
    List<JsonNode> copy = List.copyOf(recorded);
    recorded.clear();
    return copy;
  }

  private static void put(ObjectNode out, String key, Optional<JsonNode> value) {
    value.ifPresent(node -> out.set(key, node));
  }

  /** Namespace {@code interop_ns}, version 2.1. */
  public static final class Namespaced {
    @Rpc
    public ObjectNode nsEcho(Optional<JsonNode> q) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("ns", "interop_ns");
      ObjectNode args = out.putObject("args");
      q.ifPresent(node -> args.set("q", node));
      return out;
    }
  }
}
