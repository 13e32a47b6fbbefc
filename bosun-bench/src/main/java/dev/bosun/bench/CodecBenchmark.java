package dev.bosun.bench;

import dev.bosun.transport.MessageCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.node.ObjectNode;

/**
 * The oslo 2.0 envelope ({@link MessageCodec}): encoding a call's inner message to bytes (inner
 * JSON written Python-style, then quoted into the envelope) and decoding bytes back (two JSON
 * parses: the envelope, then the inner string). {@code small} is a typical call (a packed context
 * with an auth token, one short argument: about 900 bytes on the wire); {@code 64k} is the same
 * call with a 64 KiB string argument.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
public class CodecBenchmark {

  @Param({"small", "64k"})
  public String payload;

  private MessageCodec codec;
  private ObjectNode message;
  private byte[] body;

  @Setup
  public void setUp() {
    codec = MessageCodec.create();
    int argBytes = payload.equals("small") ? 5 : Fixtures.LARGE_PAYLOAD_BYTES;
    message = Fixtures.callMessage(codec, Fixtures.typicalContext(), argBytes);
    body = codec.encode(message);
    if (!codec.decode(body).equals(message)) {
      throw new IllegalStateException("codec round trip changed the message");
    }
  }

  /** Inner message to envelope bytes. */
  @Benchmark
  public byte[] encode() {
    return codec.encode(message);
  }

  /** Envelope bytes to a fresh inner message. */
  @Benchmark
  public ObjectNode decode() {
    return codec.decode(body);
  }

  /** The body size, for the README: {@code java -cp benchmarks.jar ...CodecBenchmark}. */
  public static void main(String[] args) {
    CodecBenchmark b = new CodecBenchmark();
    for (String p : new String[] {"small", "64k"}) {
      b.payload = p;
      b.setUp();
      System.out.println(p + ": " + b.body.length + " bytes on the wire");
    }
  }
}
