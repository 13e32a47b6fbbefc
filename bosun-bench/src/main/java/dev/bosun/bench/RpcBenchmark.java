package dev.bosun.bench;

import dev.bosun.context.RequestContext;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.Target;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * RPC through the whole stack on one transport (default the {@code memory://} transport): one
 * {@link RpcClient} and one {@link RpcServer} serving {@link EchoEndpoint}, shared by all benchmark
 * threads.
 *
 * <p>A call pays: argument conversion, context packing, envelope encoding, publish, the server's
 * transport thread decoding and handing off to a handler thread (virtual on 21+, a pool on 17),
 * dispatch, reply encoding and publish, the client's reply thread decoding and completing the
 * future, and the caller waking up. Two thread hand-offs per call dominate on the memory transport.
 *
 * <p>{@code cast} measures sustained cast throughput end to end: a caller stops sending while more
 * than {@value #CAST_WINDOW} casts are not yet handled, so the number is what the server absorbs,
 * not how fast an unbounded queue fills.
 */
@State(Scope.Benchmark)
@Fork(1)
public class RpcBenchmark {
  /** The most casts sent but not yet handled. */
  static final int CAST_WINDOW = 1024;

  /** The transport URL; any scheme on the classpath works. */
  @Param({"memory://bosun_bench_rpc"})
  public String url;

  private Transport transport;
  private RpcServer server;
  private RpcClient client;
  private EchoEndpoint endpoint;
  private RequestContext context;
  private Map<String, Object> echoArgs;
  private Map<String, Object> castArgs;
  private final AtomicLong castsSent = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() {
    transport = Transports.open(TransportUrl.parse(url));
    endpoint = new EchoEndpoint();
    Target target = Target.topic("bosun_bench").withServer("bench1");
    server =
        RpcServer.builder(transport)
            .controlExchange("bosun_bench")
            .target(target)
            .endpoint(endpoint)
            .gracefulShutdownTimeout(Duration.ofSeconds(5))
            .build();
    server.start();
    client =
        RpcClient.builder(transport)
            .controlExchange("bosun_bench")
            .target(Target.topic("bosun_bench"))
            .timeout(Duration.ofSeconds(30))
            .build();
    context = Fixtures.typicalContext();
    echoArgs = Map.of("text", "hello");
    castArgs = Map.of("tag", "t");
    String answer = client.call(context, "echo", echoArgs, String.class).orElseThrow();
    if (!answer.equals("hello")) {
      throw new IllegalStateException("echo answered '" + answer + "'");
    }
  }

  @TearDown(Level.Iteration)
  public void drainCasts() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (endpoint.recorded() < castsSent.get() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.stop();
    transport.close();
  }

  /** One call at a time: the round-trip latency. */
  @Benchmark
  @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Threads(1)
  public String callLatency() {
    return client.call(context, "echo", echoArgs, String.class).orElseThrow();
  }

  /** Calls from four threads at once through the one client: calls per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public String callThroughput() {
    return client.call(context, "echo", echoArgs, String.class).orElseThrow();
  }

  /** Casts from two threads, at most {@value #CAST_WINDOW} unhandled: casts per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(2)
  public void cast() {
    long sent = castsSent.incrementAndGet();
    client.cast(context, "record", castArgs);
    while (sent - endpoint.recorded() > CAST_WINDOW) {
      LockSupport.parkNanos(50_000);
    }
  }
}
