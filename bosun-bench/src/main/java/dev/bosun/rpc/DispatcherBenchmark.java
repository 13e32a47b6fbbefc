package dev.bosun.rpc;

import dev.bosun.bench.EchoEndpoint;
import dev.bosun.bench.Fixtures;
import dev.bosun.context.RequestContext;
import dev.bosun.transport.MessageCodec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server-side dispatcher alone, without transport or threads: choosing the endpoint method for
 * a request ({@code resolve}) and the whole dispatch ({@code dispatch}: resolve, bind the JSON
 * arguments to parameters, invoke by reflection, convert the result to JSON).
 *
 * <p>White-box: it lives in {@code dev.bosun.rpc} to reach the package-private {@code Dispatcher},
 * which works on the class path only; if that class changes, change this.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class DispatcherBenchmark {
  private Dispatcher dispatcher;
  private RequestContext context;
  private JsonNode args;

  @Setup
  public void setUp() throws Throwable {
    dispatcher = new Dispatcher(List.of(Endpoint.of(new EchoEndpoint())));
    context = Fixtures.typicalContext();
    ObjectNode object = MessageCodec.create().newMessage();
    object.put("text", "hello");
    args = object;
    JsonNode result = dispatch();
    if (!result.isString() || !result.stringValue().equals("hello")) {
      throw new IllegalStateException("echo dispatched to " + result);
    }
  }

  /** Finding {@code echo} at version 1.0, no namespace. */
  @Benchmark
  public Dispatcher.Resolved resolve() {
    return dispatcher.resolve("echo", Optional.empty(), "1.0");
  }

  /** Resolve, bind, invoke and convert the result. */
  @Benchmark
  public JsonNode dispatch() throws Throwable {
    return dispatcher.dispatch(context, "echo", args, Optional.empty(), "1.0");
  }
}
