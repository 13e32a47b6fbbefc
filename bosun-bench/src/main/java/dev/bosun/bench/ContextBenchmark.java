package dev.bosun.bench;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.MessageCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link RequestContext} to and from a message's {@code _context_*} keys, for a typical context
 * (user, project, two roles, global request id, auth token).
 *
 * <p>{@code unpack} removes the keys from the message it reads, so each operation first copies a
 * packed message; {@code copyOnly} measures that copy alone, to subtract.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
public class ContextBenchmark {
  private MessageCodec codec;
  private RequestContext context;
  private ObjectNode packed;

  @Setup
  public void setUp() {
    codec = MessageCodec.create();
    context = Fixtures.typicalContext();
    packed = codec.newMessage();
    context.packInto(packed);
    if (!RequestContext.unpackFrom(packed.deepCopy()).equals(context)) {
      throw new IllegalStateException("context round trip changed the context");
    }
  }

  /** Packs the context into a new, empty message. */
  @Benchmark
  public ObjectNode pack() {
    ObjectNode message = codec.newMessage();
    context.packInto(message);
    return message;
  }

  /** Copies a packed message and unpacks the context from the copy. */
  @Benchmark
  public RequestContext unpack() {
    return RequestContext.unpackFrom(packed.deepCopy());
  }

  /** The copy {@link #unpack()} makes, alone. */
  @Benchmark
  public ObjectNode copyOnly() {
    return packed.deepCopy();
  }
}
