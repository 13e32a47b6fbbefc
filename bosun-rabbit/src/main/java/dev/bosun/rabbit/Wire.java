package dev.bosun.rabbit;

import com.rabbitmq.client.AMQP;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The AMQP basic properties of every message (spec §3.1) and kombu's body compression (§3.3): a
 * {@code compression} application header of {@code application/x-gzip} (which kombu writes as a
 * zlib stream, RFC 1950) or {@code application/x-bz2} (a bzip2 stream, read and written with Apache
 * commons-compress). Any other compression header is refused.
 */
final class Wire {
  static final String CONTENT_TYPE = "application/json";
  static final String CONTENT_ENCODING = "utf-8";
  static final String COMPRESSION_HEADER = "compression";
  static final String GZIP = "application/x-gzip";
  static final String BZ2 = "application/x-bz2";

  /**
   * The largest body Bosun inflates a compressed message to: 128 MiB, RabbitMQ's default {@code
   * max_message_size}, so a small compressed bomb cannot fill the heap.
   */
  static final int MAX_INFLATED_BYTES = 128 * 1024 * 1024;

  /** {@code kombu_compression}: how this process compresses what it publishes. */
  @SuppressWarnings("ImmutableEnumChecker") // names is a List.of, unmodifiable
  enum Compression {
    NONE(""),
    GZIP("gzip", "zlib"),
    BZ2("bz2", "bzip2", "bzip");

    private final List<String> names;

    Compression(String... names) {
      this.names = List.of(names);
    }

    /**
     * The compression named by a {@code kombu_compression} value (already checked): kombu's names
     * ({@code gzip}, {@code zlib}, {@code bzip2}, {@code bzip}) and oslo's documented {@code bz2}.
     */
    static Compression of(String option) {
      for (Compression c : values()) {
        if (c.names.contains(option)) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          "kombu_compression must be empty, gzip, zlib, bz2, bzip2 or bzip, found '"
              + option
              + "'");
    }

    /** The body as published: a copy, compressed or not. */
    byte[] apply(byte[] body) {
      return switch (this) {
        case NONE -> body.clone();
        case GZIP -> zlib(body);
        case BZ2 -> bzip2(body);
      };
    }

    Map<String, Object> headers() {
      return switch (this) {
        case NONE -> Map.of();
        case GZIP -> Map.of(COMPRESSION_HEADER, Wire.GZIP);
        case BZ2 -> Map.of(COMPRESSION_HEADER, Wire.BZ2);
      };
    }
  }

  private Wire() {}

  /**
   * {@code application/json}, {@code utf-8}, persistent, priority 0, headers {@code {}} (or the
   * compression header), and {@code expiration} only when {@code ttlMillis > 0} (RPC calls).
   */
  static AMQP.BasicProperties properties(long ttlMillis, Compression compression) {
    AMQP.BasicProperties.Builder b =
        new AMQP.BasicProperties.Builder()
            .contentType(CONTENT_TYPE)
            .contentEncoding(CONTENT_ENCODING)
            .deliveryMode(2)
            .priority(0)
            .headers(compression.headers());
    if (ttlMillis > 0) {
      b.expiration(Long.toString(ttlMillis));
    }
    return b.build();
  }

  /** A zlib stream (RFC 1950), which is what kombu calls gzip. */
  static byte[] zlib(byte[] body) {
    Deflater d = new Deflater();
    try {
      d.setInput(body);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  /** A bzip2 stream, as Python's {@code bz2.compress} (kombu's bz2) writes it. */
  static byte[] bzip2(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 2));
    try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(out)) {
      bz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException("bzip2 compression failed in memory", e);
    }
    return out.toByteArray();
  }

  /**
   * Why a received message cannot be handed over, or empty when it can; the message says what was
   * wrong with it.
   */
  static Optional<String> problem(AMQP.BasicProperties props) {
    String type = props.getContentType();
    if (!CONTENT_TYPE.equals(type)) {
      return Optional.of(
          "content_type is "
              + (type == null ? "missing" : "'" + type + "'")
              + ", not application/json");
    }
    String compression = compression(props);
    if (compression != null && !GZIP.equals(compression) && !BZ2.equals(compression)) {
      return Optional.of(
          "unknown compression header '"
              + compression
              + "' (Bosun reads "
              + GZIP
              + " and "
              + BZ2
              + ")");
    }
    return Optional.empty();
  }

  /**
   * The body as the sender wrote it before compression.
   *
   * @throws DataFormatException when a compressed body is corrupt, truncated, or inflates to more
   *     than {@link #MAX_INFLATED_BYTES}
   */
  static byte[] body(AMQP.BasicProperties props, byte[] raw) throws DataFormatException {
    String compression = compression(props);
    if (GZIP.equals(compression)) {
      return inflateZlib(raw);
    }
    if (BZ2.equals(compression)) {
      return inflateBzip2(raw);
    }
    return raw;
  }

  private static byte[] inflateZlib(byte[] raw) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(raw);
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 3);
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated zlib stream");
        }
        out.write(buf, 0, n);
        checkSize(out.size());
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  private static byte[] inflateBzip2(byte[] raw) throws DataFormatException {
    try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(raw), true)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 3);
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        out.write(buf, 0, n);
        checkSize(out.size());
      }
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      DataFormatException failure =
          new DataFormatException("not a valid bzip2 stream: " + e.getMessage());
      failure.initCause(e);
      throw failure;
    }
  }

  private static void checkSize(int inflated) throws DataFormatException {
    if (inflated > MAX_INFLATED_BYTES) {
      throw new DataFormatException(
          "the body inflates to more than " + MAX_INFLATED_BYTES + " bytes; refusing it");
    }
  }

  private static @Nullable String compression(AMQP.BasicProperties props) {
    Map<String, Object> headers = props.getHeaders();
    Object v = headers == null ? null : headers.get(COMPRESSION_HEADER);
    return v == null ? null : v.toString();
  }
}
