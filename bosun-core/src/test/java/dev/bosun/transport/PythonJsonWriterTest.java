package dev.bosun.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The codec writes JSON bytes itself (no Jackson generator, no intermediate string) and unquotes
 * the envelope itself: both must give exactly what the Jackson-based path gave, which the
 * captured-bytes tests in {@link MessageCodecTest} pin to Python's output.
 */
class PythonJsonWriterTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final MessageCodec codec = MessageCodec.create();

  /** The envelope as the codec used to build it: Jackson's text, {@code "} and {@code \} quoted. */
  private String jacksonEnvelope(ObjectNode message) {
    String inner = codec.jacksonJson(message);
    return "{\"oslo.version\": \"2.0\", \"oslo.message\": \""
        + inner.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"}";
  }

  private void assertWritesLikeJackson(ObjectNode message) {
    assertThat(codec.toJson(message)).isEqualTo(codec.jacksonJson(message));
    assertThat(new String(codec.encodeBare(message), StandardCharsets.US_ASCII))
        .isEqualTo(codec.jacksonJson(message));
    byte[] body = codec.encode(message);
    assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo(jacksonEnvelope(message));
    assertThat(codec.decode(body)).isEqualTo(message);
  }

  @Test
  void everyCharacterClassIsEscapedLikeJackson() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x3000; c++) {
      all.append(c);
    }
    all.append("\ud83d\ude00 \ud800 lone \udfff \uffff");
    ObjectNode message = codec.newMessage().put("s", all.toString());
    message.put("key \"with\" \\ and \u00e9\n", "v");

    assertWritesLikeJackson(message);
  }

  @Test
  void numbersAreWrittenLikeJackson() {
    ObjectNode message = codec.newMessage();
    ArrayNode numbers = message.putArray("n");
    numbers
        .add(0)
        .add(-1)
        .add(Integer.MIN_VALUE)
        .add(Long.MAX_VALUE)
        .add(Long.MIN_VALUE)
        .add((short) -7)
        .add(new BigInteger("-123456789012345678901234567890"))
        .add(0.0)
        .add(-0.0)
        .add(1.0e-5)
        .add(bigDouble())
        .add(Double.MIN_VALUE)
        .add(Double.MAX_VALUE)
        .add(Double.NaN)
        .add(Double.POSITIVE_INFINITY)
        .add(Double.NEGATIVE_INFINITY)
        .add(0.1f)
        .add(3.4e38f)
        .add(Float.NaN)
        .add(new BigDecimal("1.50"))
        .add(new BigDecimal("1E+3"));
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      numbers.add(Double.longBitsToDouble(random.nextLong()));
      numbers.add(Float.intBitsToFloat(random.nextInt()));
      numbers.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
    }

    assertThat(codec.toJson(message)).isEqualTo(codec.jacksonJson(message));
    assertThat(new String(codec.encode(message), StandardCharsets.US_ASCII))
        .isEqualTo(jacksonEnvelope(message));
  }

  @Test
  void nestedContainersBooleansNullsAndOtherNodesMatchJackson() {
    ObjectNode message = codec.newMessage();
    message.put("t", true).put("f", false).putNull("z");
    message.putObject("empty");
    message.putArray("none");
    ObjectNode deep = message.putObject("a").putObject("b");
    deep.putArray("c").add(NODES.objectNode().put("d", "e\"f")).addArray().add(1).add("x");
    message.set("bin", NODES.binaryNode(new byte[] {1, 2, 3, (byte) 0xff}));
    message.set("pojo", NODES.pojoNode(List.of("p", 1)));

    assertThat(codec.toJson(message)).isEqualTo(codec.jacksonJson(message));
    assertThat(new String(codec.encode(message), StandardCharsets.US_ASCII))
        .isEqualTo(jacksonEnvelope(message));
  }

  @Test
  void randomTreesMatchJackson() {
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      ObjectNode message = codec.newMessage();
      fill(message, random, 0);
      assertWritesLikeJackson(message);
    }
  }

  private static void fill(ObjectNode object, Random random, int depth) {
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      String key = randomString(random);
      switch (random.nextInt(depth > 3 ? 5 : 7)) {
        case 0 -> object.put(key, randomString(random));
        case 1 -> object.put(key, random.nextLong());
        case 2 -> object.put(key, random.nextBoolean());
        case 3 -> object.putNull(key);
        case 4 -> object.put(key, random.nextInt());
        case 5 -> fill(object.putObject(key), random, depth + 1);
        default -> {
          ArrayNode array = object.putArray(key);
          for (int k = random.nextInt(4); k > 0; k--) {
            fill(array.addObject(), random, depth + 1);
            array.add(randomString(random));
          }
        }
      }
    }
  }

  private static String randomString(Random random) {
    // Whole surrogate pairs only: Jackson refuses to read a lone one in a property name.
    String[] pool = {
      "a",
      "Z",
      " ",
      "\"",
      "\\",
      "/",
      "\n",
      "\t",
      "\u0001",
      "\u007f",
      "\u00e9",
      "\u20ac",
      "\ud83d\ude00",
      "{",
      "}",
      ":",
      ","
    };
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      s.append(pool[random.nextInt(pool.length)]);
    }
    return s.toString();
  }

  @Test
  void decodesEnvelopesInOtherSpellingsThroughTheGeneralPath() {
    ObjectNode expected = codec.newMessage().put("a", "x\"y\u00e9");
    List<String> bodies = new ArrayList<>();
    // reversed keys, extra whitespace, \/ and \\u escapes at the envelope level, raw UTF-8
    bodies.add(
        "{\"oslo.message\": \"{\\\"a\\\": \\\"x\\\\\\\"y\\\\u00e9\\\"}\", "
            + "\"oslo.version\": \"2.0\"}");
    bodies.add(
        "{\"oslo.version\": \"2.0\", \"oslo.message\": "
            + "\"{\\\"a\\\": \\\"x\\\\\\\"y\\\\u00e9\\\"}\" } \n");
    bodies.add(
        "{\"oslo.version\": \"2.0\", \"oslo.message\": "
            + "\"\\u007b\\\"a\\\":\\t\\\"x\\\\\\\"y\\\\u00e9\\\"}\"}");
    bodies.add(
        "{\"oslo.version\": \"2.0\", \"oslo.message\": "
            + "\"{\\\"a\\\": \\\"x\\\\\\\"y\\u00e9\\\"}\"}");
    bodies.add(
        "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"a\\\": \\\"x\\\\\\\"y\u00e9\\\"}\"}");
    bodies.add(
        "{\"oslo.version\":\"2.0\",\"oslo.message\":\"{\\\"a\\\": \\\"x\\\\\\\"y\u00e9\\\"}\"}");
    for (String body : bodies) {
      assertThat(codec.decodeWithFormat(body.getBytes(StandardCharsets.UTF_8)))
          .as(body)
          .isEqualTo(new MessageCodec.Decoded(expected, MessageCodec.Format.ENVELOPE_2_0));
    }
    assertThat(
            codec
                .decode(
                    "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{\\\"u\\\": \\\"\\/\\\"}\"}"
                        .getBytes(StandardCharsets.UTF_8))
                .get("u")
                .stringValue())
        .isEqualTo("/");
  }

  @Test
  void truncatedOrBrokenEnvelopesStillFailAsMalformed() {
    String good =
        new String(codec.encode(codec.newMessage().put("a", "b")), StandardCharsets.US_ASCII);
    for (String body :
        List.of(
            good.substring(0, good.length() - 1),
            good.substring(0, good.length() - 2),
            good + "x",
            good.replace("\\\"a", "\\qa"),
            good.replace("\\\"a", "\\u00"),
            good.replace("b", "\n"))) {
      assertThatThrownBy(() -> codec.decode(body.getBytes(StandardCharsets.UTF_8)), body)
          .isInstanceOf(MessageFormatException.class)
          .hasMessageContaining("Malformed JSON in message body");
    }
    String longInner =
        "{\"oslo.version\": \"2.0\", \"oslo.message\": \"[" + "1, ".repeat(100) + "1]\"}";
    assertThatThrownBy(() -> codec.decode(longInner.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("oslo.message holds JSON array, not an object: '[1, 1, ")
        .hasMessageEndingWith("...'");
  }

  @Test
  void encodedSizeIsExactForLargeEscapedMessages() {
    String big = "\u00e9\"\\\n".repeat(50_000) + "a".repeat(70_000);
    ObjectNode message = codec.newMessage().put("blob", big);
    JsonNode decoded = codec.decode(codec.encode(message));

    assertThat(decoded.get("blob").stringValue()).isEqualTo(big);
    assertThat(codec.encode(message)).hasSize(jacksonEnvelope(message).length());
  }

  // 1e23 is not exactly representable: Python prints the nearest double as 1e+23, and so must we
  @SuppressWarnings("FloatingPointLiteralPrecision")
  private static double bigDouble() {
    return 1.0e23;
  }
}
