package dev.bosun.transport;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.SerializableString;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * oslo.messaging's message format (wire spec §3.2): every RPC request, reply and notification is a
 * JSON object, the <em>inner message</em>, sent inside the 2.0 envelope {@code {"oslo.version":
 * "2.0", "oslo.message": "<the inner message as a JSON string>"}}.
 *
 * <p>Every transport carries bytes made here, the memory transport included, so a value that could
 * not cross a network fails in a one-JVM deployment too.
 *
 * <p>Writing matches Python's {@code json.dumps} defaults byte for byte for objects, arrays,
 * strings, integers, booleans and null: {@code ", "} and {@code ": "} separators, key order kept,
 * non-ASCII escaped as lower-case {@code \}{@code uXXXX} with surrogate pairs, DEL escaped, {@code
 * /} not escaped. Floating-point numbers are written in Java's notation ({@code 1.0E-5} where
 * Python writes {@code 1e-05}); both are the same JSON number to every reader. {@code NaN} and the
 * infinities are written as the bare tokens Python writes, and read back.
 *
 * <p>Reading accepts both the 2.0 envelope and a bare "1.0" message (an object without both
 * envelope keys is itself the inner message), {@code NaN}/{@code Infinity} tokens and integers of
 * any size (as {@code long} when they fit, else {@link BigInteger}). An envelope version other than
 * 2.0 (same major, minor 0) is refused, as oslo does.
 *
 * <p>Immutable and thread-safe; {@link #create()} returns one shared instance, since all its state
 * (the Jackson mapper and writer) is built once and reused.
 */
public final class MessageCodec {
  /** The envelope key holding the version, {@value}. */
  public static final String VERSION_KEY = "oslo.version";

  /** The envelope key holding the inner message as a JSON string, {@value}. */
  public static final String MESSAGE_KEY = "oslo.message";

  /** The envelope version Bosun writes, {@value}. */
  public static final String ENVELOPE_VERSION = "2.0";

  /** The format a body was written in. */
  public enum Format {
    /** {@code {"oslo.version": "2.0", "oslo.message": "..."}}: RPC and {@code messagingv2}. */
    ENVELOPE_2_0,
    /** The inner message itself: old RPC peers and the {@code messaging} notification driver. */
    BARE_1_0
  }

  /** A decoded body: the inner message (a fresh, mutable object owned by the caller). */
  public record Decoded(ObjectNode message, Format format) {
    public Decoded {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(format, "format");
    }
  }

  private static final byte[] ENVELOPE_HEAD =
      "{\"oslo.version\": \"2.0\", \"oslo.message\": \"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENVELOPE_TAIL = {'"', '}'};
  private static final byte[] NOTHING = new byte[0];
  private static final int PREVIEW_CHARS = 120;
  private static final MessageCodec INSTANCE = new MessageCodec();

  private final JsonMapper mapper;
  private final ObjectWriter writer;
  private final boolean fastDoubles;

  private MessageCodec() {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            // Python escapes everything outside ' '..'~', DEL included.
            .highestNonEscapedChar(127)
            .characterEscapes(new DelEscapes())
            .build();
    this.mapper = JsonMapper.builder(factory).build();
    this.writer = mapper.writer().with(PythonJsonPrinter.INSTANCE);
    this.fastDoubles = mapper.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER);
  }

  /** The shared codec. */
  public static MessageCodec create() {
    return INSTANCE;
  }

  /**
   * The Jackson mapper configured for oslo's JSON (non-numeric numbers, big integers). Layers above
   * may use it to convert their own values to {@link JsonNode}s; it must not be reconfigured
   * (Jackson 3 mappers are immutable).
   */
  public JsonMapper mapper() {
    return mapper;
  }

  /** A new, empty inner message to fill. */
  public ObjectNode newMessage() {
    return mapper.createObjectNode();
  }

  /**
   * Encodes {@code message} in the 2.0 envelope, the format Bosun always sends. The inner JSON is
   * written straight into the envelope's bytes, already quoted, with no intermediate string.
   */
  public byte[] encode(ObjectNode message) {
    Objects.requireNonNull(message, "message");
    return write(message, true, ENVELOPE_HEAD, ENVELOPE_TAIL);
  }

  /**
   * Encodes a message given as a map of JSON-compatible values; see {@link #toTree(Object)} for
   * what a value may be.
   *
   * @throws MessageFormatException naming the first value that JSON cannot carry
   */
  public byte[] encode(Map<String, ?> message) {
    return encode((ObjectNode) toTree(message));
  }

  /**
   * Encodes {@code message} without the envelope, the "1.0" format of oslo's {@code messaging}
   * notification driver. RPC never uses it.
   */
  public byte[] encodeBare(ObjectNode message) {
    Objects.requireNonNull(message, "message");
    return write(message, false, NOTHING, NOTHING);
  }

  /** {@code value} as Python's {@code json.dumps} would write it (pure ASCII). */
  public String toJson(JsonNode value) {
    Objects.requireNonNull(value, "value");
    return new String(write(value, false, NOTHING, NOTHING), StandardCharsets.ISO_8859_1);
  }

  private byte[] write(JsonNode value, boolean quoted, byte[] head, byte[] tail) {
    try {
      return PythonJsonWriter.write(value, quoted, fastDoubles, this::jacksonJson, head, tail);
    } catch (JacksonException e) {
      throw new MessageFormatException(
          "Cannot write message as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** What Jackson writes for {@code value}: the writer's fallback and its reference in tests. */
  String jacksonJson(JsonNode value) {
    return writer.writeValueAsString(value);
  }

  /**
   * Decodes a body in either format and returns the inner message.
   *
   * @throws MessageFormatException if the body is not JSON, not an object, carries an envelope
   *     version other than 2.0, or its {@code oslo.message} is not a JSON object
   */
  public ObjectNode decode(byte[] body) {
    return decodeWithFormat(body).message();
  }

  /** Like {@link #decode(byte[])}, and says which format the body was in. */
  public Decoded decodeWithFormat(byte[] body) {
    Objects.requireNonNull(body, "body");
    Decoded plain = decodePlainEnvelope(body);
    if (plain != null) {
      return plain;
    }
    JsonNode outer = parse(body, "message body", () -> preview(body));
    if (!outer.isObject()) {
      throw new MessageFormatException(
          "Message body is JSON " + kind(outer) + ", not an object: " + preview(body));
    }
    ObjectNode object = (ObjectNode) outer;
    if (!object.has(VERSION_KEY) || !object.has(MESSAGE_KEY)) {
      return new Decoded(object, Format.BARE_1_0);
    }
    JsonNode version = object.get(VERSION_KEY);
    if (!version.isString() || !compatibleEnvelope(version.stringValue())) {
      throw new MessageFormatException(
          "Unsupported oslo.messaging envelope version "
              + version
              + " (this side reads 2.0): "
              + preview(body));
    }
    JsonNode text = object.get(MESSAGE_KEY);
    if (!text.isString()) {
      throw new MessageFormatException(
          "Envelope field oslo.message is JSON " + kind(text) + ", not a string: " + preview(body));
    }
    String inner = text.stringValue();
    JsonNode message = parse(inner, "oslo.message", () -> preview(inner));
    if (!message.isObject()) {
      throw new MessageFormatException(
          "Envelope field oslo.message holds JSON "
              + kind(message)
              + ", not an object: "
              + preview(inner));
    }
    return new Decoded((ObjectNode) message, Format.ENVELOPE_2_0);
  }

  /**
   * The fast path of {@link #decodeWithFormat}: a body in exactly the form Bosun and oslo write,
   * {@code {"oslo.version": "2.0", "oslo.message": "..."}} with a string of printable ASCII, is
   * unquoted straight into the inner JSON's bytes and parsed once, with no intermediate envelope
   * tree or string. Any other body, well-formed or not, gives null and takes the general path,
   * which also reports what is wrong with it.
   */
  private @Nullable Decoded decodePlainEnvelope(byte[] body) {
    int length = unquoteInner(body);
    if (length < 0) {
      return null;
    }
    byte[] inner = scratchOf(body, length);
    JsonNode message;
    try {
      message = mapper.readTree(inner, 0, length);
    } catch (JacksonException e) {
      throw new MessageFormatException(
          "Malformed JSON in oslo.message ("
              + e.getOriginalMessage()
              + "): "
              + preview(asciiPrefix(inner, length)),
          e);
    }
    if (message == null || !message.isObject()) {
      throw new MessageFormatException(
          "Envelope field oslo.message holds JSON "
              + (message == null ? "nothing" : kind(message))
              + ", not an object: "
              + preview(asciiPrefix(inner, length)));
    }
    return new Decoded((ObjectNode) message, Format.ENVELOPE_2_0);
  }

  /**
   * Checks that {@code body} is a plain 2.0 envelope and counts the unquoted inner bytes; -1 when
   * it is not one. The unquoted bytes are written by {@link #scratchOf}.
   */
  private static int unquoteInner(byte[] body) {
    int head = ENVELOPE_HEAD.length;
    if (body.length < head + 2 || !Arrays.equals(body, 0, head, ENVELOPE_HEAD, 0, head)) {
      return -1;
    }
    int length = 0;
    int i = head;
    while (true) {
      if (i >= body.length) {
        return -1;
      }
      byte b = body[i];
      if (b == '"') {
        break;
      }
      if (b < 0x20) { // control characters (invalid in a string) and non-ASCII bytes
        return -1;
      }
      if (b == '\\') {
        if (i + 1 >= body.length) {
          return -1;
        }
        byte e = body[i + 1];
        if (e == 'u') {
          if (i + 5 >= body.length || hexValue(body, i + 2) < 0 || hexValue(body, i + 2) >= 0x80) {
            return -1;
          }
          i += 6;
        } else if (unescape(e) < 0) {
          return -1;
        } else {
          i += 2;
        }
      } else {
        i++;
      }
      length++;
    }
    i++;
    while (i < body.length && isSpace(body[i])) {
      i++;
    }
    if (i >= body.length || body[i] != '}') {
      return -1;
    }
    i++;
    while (i < body.length && isSpace(body[i])) {
      i++;
    }
    return i == body.length ? length : -1;
  }

  /** The unquoted inner bytes of a body {@link #unquoteInner} accepted, in a new array. */
  private static byte[] scratchOf(byte[] body, int length) {
    byte[] inner = new byte[length];
    int o = 0;
    int i = ENVELOPE_HEAD.length;
    while (o < length) {
      byte b = body[i];
      if (b != '\\') {
        inner[o++] = b;
        i++;
      } else if (body[i + 1] == 'u') {
        inner[o++] = (byte) hexValue(body, i + 2);
        i += 6;
      } else {
        inner[o++] = (byte) unescape(body[i + 1]);
        i += 2;
      }
    }
    return inner;
  }

  private static int unescape(byte e) {
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return -1;
    }
  }

  /** The four hex digits at {@code at} as a number, or -1. */
  private static int hexValue(byte[] body, int at) {
    int value = 0;
    for (int k = 0; k < 4; k++) {
      int d = Character.digit(body[at + k], 16);
      if (d < 0) {
        return -1;
      }
      value = value * 16 + d;
    }
    return value;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static String asciiPrefix(byte[] inner, int length) {
    return new String(inner, 0, Math.min(length, PREVIEW_CHARS + 1), StandardCharsets.ISO_8859_1);
  }

  /**
   * Converts a Java value to JSON without reflection. Accepted: {@code null}, {@link JsonNode}
   * (copied), {@link String}, {@link Character}, {@link Boolean}, the standard {@link Number}s,
   * {@link UUID} (as its string, like oslo's {@code jsonutils}), {@link Map} (keys written with
   * {@code String.valueOf}, as Python's json turns keys into strings), {@link Collection} and
   * object arrays (as arrays), and {@link java.util.Optional} (empty as {@code null}).
   *
   * @throws MessageFormatException naming the path and type of the first value that is none of
   *     these; convert such values (records, dates) before they reach the codec
   */
  public JsonNode toTree(Object value) {
    return toTree(value, "$");
  }

  private JsonNode toTree(@Nullable Object value, String path) {
    JsonNodeFactory nodes = mapper.getNodeFactory();
    if (value == null) {
      return nodes.nullNode();
    } else if (value instanceof JsonNode) {
      return ((JsonNode) value).deepCopy();
    } else if (value instanceof String) {
      return nodes.stringNode((String) value);
    } else if (value instanceof Boolean) {
      return nodes.booleanNode((Boolean) value);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return nodes.numberNode(((Number) value).intValue());
    } else if (value instanceof Long) {
      return nodes.numberNode((Long) value);
    } else if (value instanceof Double) {
      return nodes.numberNode((Double) value);
    } else if (value instanceof Float) {
      return nodes.numberNode((Float) value);
    } else if (value instanceof BigInteger) {
      return nodes.numberNode((BigInteger) value);
    } else if (value instanceof BigDecimal) {
      return nodes.numberNode((BigDecimal) value);
    } else if (value instanceof Character || value instanceof UUID) {
      return nodes.stringNode(value.toString());
    } else if (value instanceof Map) {
      ObjectNode object = nodes.objectNode();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        String key = String.valueOf(entry.getKey());
        object.set(key, toTree(entry.getValue(), path + "." + key));
      }
      return object;
    } else if (value instanceof Collection) {
      ArrayNode array = nodes.arrayNode();
      int i = 0;
      for (Object element : (Collection<?>) value) {
        array.add(toTree(element, path + "[" + i++ + "]"));
      }
      return array;
    } else if (value instanceof Object[]) {
      ArrayNode array = nodes.arrayNode();
      Object[] elements = (Object[]) value;
      for (int i = 0; i < elements.length; i++) {
        array.add(toTree(elements[i], path + "[" + i + "]"));
      }
      return array;
    } else if (value instanceof java.util.Optional) {
      return toTree(((java.util.Optional<?>) value).orElse(null), path);
    }
    throw new MessageFormatException(
        "Cannot send a "
            + value.getClass().getName()
            + " at "
            + path
            + " as JSON; convert it to a String, Number, Boolean, Map, List or JsonNode first");
  }

  private JsonNode parse(byte[] body, String what, java.util.function.Supplier<String> preview) {
    try {
      return mapper.readTree(body);
    } catch (JacksonException e) {
      throw new MessageFormatException(
          "Malformed JSON in " + what + " (" + e.getOriginalMessage() + "): " + preview.get(), e);
    }
  }

  private JsonNode parse(String text, String what, java.util.function.Supplier<String> preview) {
    try {
      return mapper.readTree(text);
    } catch (JacksonException e) {
      throw new MessageFormatException(
          "Malformed JSON in " + what + " (" + e.getOriginalMessage() + "): " + preview.get(), e);
    }
  }

  /** oslo's {@code version_is_compatible("2.0", v)}: same major, minor 0, revision 0. */
  static boolean compatibleEnvelope(String version) {
    String[] parts = version.split("\\.", -1);
    if (parts.length < 2 || parts.length > 3) {
      return false;
    }
    try {
      int major = Integer.parseInt(parts[0].trim());
      int minor = Integer.parseInt(parts[1].trim());
      int rev = parts.length == 3 ? Integer.parseInt(parts[2].trim()) : 0;
      return major == 2 && minor <= 0 && !(minor == 0 && rev > 0);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** JSON's standard escapes plus DEL, which Python writes as {@code \}{@code u007f}. */
  private static final class DelEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private static final int[] CODES = codes();

    private static int[] codes() {
      int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
      codes[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
      return codes;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return CODES;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String preview(byte[] body) {
    int n = Math.min(body.length, PREVIEW_CHARS * 4);
    return preview(new String(body, 0, n, StandardCharsets.UTF_8)) + " (" + body.length + " bytes)";
  }

  private static String preview(String text) {
    String shown = text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "...";
    return "'" + shown.replace("\n", "\\n") + "'";
  }
}
