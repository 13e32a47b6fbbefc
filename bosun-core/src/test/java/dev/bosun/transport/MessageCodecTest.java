package dev.bosun.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class MessageCodecTest {
  private final MessageCodec codec = MessageCodec.create();

  /** Verbatim body of the captured call request, wire spec §5.3. */
  private static final String CAPTURED_CALL =
      "{\"oslo.version\": \"2.0\", \"oslo.message\": "
          + "\"{\\\"method\\\": \\\"add\\\", \\\"args\\\": {\\\"a\\\": 2, \\\"b\\\": 3}, "
          + "\\\"version\\\": \\\"1.3\\\", \\\"_msg_id\\\": \\\"7158d5d5ca134c49bd04f5cc1be41fe5\\\", "
          + "\\\"_reply_q\\\": \\\"reply_e6e6fd110b944ffa90976e8e0ffbb2c4\\\", \\\"_timeout\\\": null, "
          + "\\\"_unique_id\\\": \\\"0eaf6f642a66419b80d8db3d90be2414\\\", "
          + "\\\"_context_user_id\\\": \\\"u1\\\", \\\"_context_project_id\\\": \\\"p1\\\", "
          + "\\\"_context_request_id\\\": \\\"req-42\\\", \\\"_context_roles\\\": [\\\"member\\\"], "
          + "\\\"_context_is_admin\\\": false}\"}";

  /** Verbatim body of the captured 1.0 ("messaging" driver) notification, wire spec §10.2. */
  private static final String CAPTURED_BARE_NOTIFICATION =
      "{\"message_id\": "
          + "\"8cd52d66-d8a9-4b02-a446-3473333cac6d\", \"publisher_id\": \"compute.host1\", "
          + "\"event_type\": \"compute.instance.delete.error\", \"priority\": \"ERROR\", "
          + "\"payload\": {\"instance_id\": \"abc\"}, \"timestamp\": \"2026-11-21 23:52:34.582085\", "
          + "\"_unique_id\": \"19d1b656df414e88b182d6c9bd9fa6d3\", \"_context_user_id\": \"u1\", "
          + "\"_context_project_id\": \"p1\", \"_context_request_id\": \"req-1\"}";

  @Test
  void encodesTheCapturedCallByteForByte() {
    ObjectNode message = codec.newMessage();
    message.put("method", "add");
    message.putObject("args").put("a", 2).put("b", 3);
    message.put("version", "1.3");
    message.put("_msg_id", "7158d5d5ca134c49bd04f5cc1be41fe5");
    message.put("_reply_q", "reply_e6e6fd110b944ffa90976e8e0ffbb2c4");
    message.putNull("_timeout");
    message.put("_unique_id", "0eaf6f642a66419b80d8db3d90be2414");
    message.put("_context_user_id", "u1");
    message.put("_context_project_id", "p1");
    message.put("_context_request_id", "req-42");
    message.putArray("_context_roles").add("member");
    message.put("_context_is_admin", false);

    assertThat(new String(codec.encode(message), StandardCharsets.UTF_8)).isEqualTo(CAPTURED_CALL);
  }

  @Test
  void decodesTheCapturedCallAsAnEnvelope() {
    MessageCodec.Decoded decoded =
        codec.decodeWithFormat(CAPTURED_CALL.getBytes(StandardCharsets.UTF_8));

    assertThat(decoded.format()).isEqualTo(MessageCodec.Format.ENVELOPE_2_0);
    assertThat(decoded.message().get("method").stringValue()).isEqualTo("add");
    assertThat(decoded.message().get("args").get("b").intValue()).isEqualTo(3);
    assertThat(decoded.message().get("_timeout").isNull()).isTrue();
    assertThat(new String(codec.encode(decoded.message()), StandardCharsets.UTF_8))
        .isEqualTo(CAPTURED_CALL);
  }

  @Test
  void decodesAndReencodesTheCapturedBareNotification() {
    MessageCodec.Decoded decoded =
        codec.decodeWithFormat(CAPTURED_BARE_NOTIFICATION.getBytes(StandardCharsets.UTF_8));

    assertThat(decoded.format()).isEqualTo(MessageCodec.Format.BARE_1_0);
    assertThat(decoded.message().get("priority").stringValue()).isEqualTo("ERROR");
    assertThat(new String(codec.encodeBare(decoded.message()), StandardCharsets.UTF_8))
        .isEqualTo(CAPTURED_BARE_NOTIFICATION);
  }

  @Test
  void anObjectWithOnlyOneEnvelopeKeyIsA10Message() {
    ObjectNode message =
        codec.decode(
            "{\"oslo.version\": \"2.0\", \"method\": \"x\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(message.get("method").stringValue()).isEqualTo("x");
  }

  @Test
  void writesNonAsciiLikePython() {
    ObjectNode message = codec.newMessage().put("s", "h\u00e9 \ud83d\ude00 a/b \u007f\n\"q\"");

    assertThat(codec.toJson(message))
        .isEqualTo("{\"s\": \"h\\u00e9 \\ud83d\\ude00 a/b \\u007f\\n\\\"q\\\"\"}");
    assertThat(codec.decode(codec.encode(message)).get("s").stringValue())
        .isEqualTo("h\u00e9 \ud83d\ude00 a/b \u007f\n\"q\"");
  }

  @Test
  void writesEmptyContainersLikePython() {
    ObjectNode message = codec.newMessage();
    message.putObject("args");
    message.putArray("roles");

    assertThat(codec.toJson(message)).isEqualTo("{\"args\": {}, \"roles\": []}");
  }

  @Test
  void readsNonNumericNumbersAndBigIntegers() {
    ObjectNode message =
        codec.decode(
            "{\"n\": NaN, \"i\": -Infinity, \"big\": 123456789012345678901234567890, \"l\": 5}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(message.get("n").doubleValue()).isNaN();
    assertThat(message.get("i").doubleValue()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(message.get("big").bigIntegerValue())
        .isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(message.get("l").isIntegralNumber()).isTrue();
    assertThat(codec.toJson(message)).startsWith("{\"n\": NaN, \"i\": -Infinity, ");
  }

  @Test
  void refusesOtherEnvelopeVersions() {
    for (String version : List.of("2.1", "3.0", "1.0", "2.0.1", "2", "two")) {
      byte[] body =
          ("{\"oslo.version\": \"" + version + "\", \"oslo.message\": \"{}\"}")
              .getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> codec.decode(body), version)
          .isInstanceOf(MessageFormatException.class)
          .hasMessageContaining("Unsupported oslo.messaging envelope version \"" + version + "\"");
    }
    assertThat(
            codec.decode(
                "{\"oslo.version\": \"2.0.0\", \"oslo.message\": \"{}\"}"
                    .getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
  }

  @Test
  void malformedBodiesFailWithAPreview() {
    assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("Malformed JSON in message body")
        .hasMessageContaining("'not json'");
    assertThatThrownBy(() -> codec.decode("[1, 2]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("JSON array, not an object");
    assertThatThrownBy(
            () ->
                codec.decode(
                    "{\"oslo.version\": \"2.0\", \"oslo.message\": \"[1]\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("oslo.message holds JSON array");
    assertThatThrownBy(
            () ->
                codec.decode(
                    "{\"oslo.version\": \"2.0\", \"oslo.message\": {}}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("not a string");
    assertThatThrownBy(
            () ->
                codec.decode(
                    "{\"oslo.version\": \"2.0\", \"oslo.message\": \"{oops\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("Malformed JSON in oslo.message");
    assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(MessageFormatException.class);
  }

  @Test
  void encodesMapsOfPlainValues() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("size", 10);
    args.put("name", "vol");
    args.put("tags", List.of("a", "b"));
    args.put("meta", Map.of(1, true));
    args.put("none", null);
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("method", "create_volume");
    message.put("args", args);

    JsonNode decoded = codec.decode(codec.encode(message));

    assertThat(codec.toJson(decoded))
        .isEqualTo(
            "{\"method\": \"create_volume\", \"args\": "
                + "{\"size\": 10, \"name\": \"vol\", \"tags\": [\"a\", \"b\"], \"meta\": {\"1\": true}, "
                + "\"none\": null}}");
  }

  @Test
  void aValueJsonCannotCarryFailsWithItsPath() {
    Map<String, Object> message = Map.of("args", Map.of("when", Instant.EPOCH));

    assertThatThrownBy(() -> codec.encode(message))
        .isInstanceOf(MessageFormatException.class)
        .hasMessageContaining("java.time.Instant at $.args.when");
  }

  @Test
  void aMegabyteMessageRoundTrips() {
    String big = "x\"\\".repeat(350_000);
    ObjectNode message = codec.newMessage().put("blob", big);

    assertThat(codec.decode(codec.encode(message)).get("blob").stringValue()).isEqualTo(big);
  }
}
