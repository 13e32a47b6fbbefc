package dev.bosun.rabbit;

import com.rabbitmq.client.AMQP;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/** The AMQP basic properties of every message (spec §3.1) and kombu's body compression (§3.3). */
final class Wire {
  static final String CONTENT_TYPE = "application/json";
  static final String CONTENT_ENCODING = "utf-8";
  static final String COMPRESSION_HEADER = "compression";
  static final String GZIP = "application/x-gzip";
  static final String BZ2 = "application/x-bz2";

  private Wire() {}

  /**
   * {@code application/json}, {@code utf-8}, persistent, priority 0, headers {@code {}} (or the
   * compression header), and {@code expiration} only when {@code ttlMillis > 0} (RPC calls).
   */
  static AMQP.BasicProperties properties(long ttlMillis, boolean compressed) {
    AMQP.BasicProperties.Builder b =
        new AMQP.BasicProperties.Builder()
            .contentType(CONTENT_TYPE)
            .contentEncoding(CONTENT_ENCODING)
            .deliveryMode(2)
            .priority(0)
            .headers(compressed ? Map.of(COMPRESSION_HEADER, GZIP) : Map.of());
    if (ttlMillis > 0) {
      b.expiration(Long.toString(ttlMillis));
    }
    return b.build();
  }

  /** A zlib stream (RFC 1950), which is what kombu calls gzip. */
  static byte[] compress(byte[] body) {
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
    Object compression = compression(props);
    if (compression != null && !GZIP.equals(compression)) {
      return Optional.of(
          BZ2.equals(compression)
              ? "body is bz2-compressed (compression: application/x-bz2), which Bosun cannot read;"
                  + " set kombu_compression=gzip or unset it on the sender"
              : "unknown compression header '" + compression + "'");
    }
    return Optional.empty();
  }

  /** The body as the sender wrote it before compression. */
  static byte[] body(AMQP.BasicProperties props, byte[] raw) throws DataFormatException {
    if (!GZIP.equals(compression(props))) {
      return raw;
    }
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
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  private static @Nullable String compression(AMQP.BasicProperties props) {
    Map<String, Object> headers = props.getHeaders();
    Object v = headers == null ? null : headers.get(COMPRESSION_HEADER);
    return v == null ? null : v.toString();
  }
}
