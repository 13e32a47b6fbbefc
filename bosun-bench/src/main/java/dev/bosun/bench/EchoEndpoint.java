package dev.bosun.bench;

import dev.bosun.context.RequestContext;
import dev.bosun.rpc.Rpc;
import dev.bosun.rpc.RpcEndpoint;
import java.util.concurrent.atomic.LongAdder;

/**
 * The trivial endpoint the RPC benchmarks and the load harness serve: {@code echo} returns its
 * argument, {@code record} (sent as a cast) counts. Thread-safe; handlers run concurrently.
 */
@RpcEndpoint(version = "1.0")
public final class EchoEndpoint {
  private final LongAdder recorded = new LongAdder();

  /** Returns {@code text} unchanged. */
  @Rpc
  public String echo(RequestContext context, String text) {
    return text;
  }

  /** Counts one cast. */
  @Rpc
  public void record(RequestContext context, String tag) {
    recorded.increment();
  }

  /** The casts handled so far. */
  public long recorded() {
    return recorded.sum();
  }
}
