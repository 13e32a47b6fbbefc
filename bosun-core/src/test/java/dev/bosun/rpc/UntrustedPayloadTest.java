package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.transport.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What an RPC message may carry is data, never Java objects: type hints are plain keys, and a body
 * nested deeper than the parser allows is refused rather than parsed into a stack overflow.
 */
class UntrustedPayloadTest {
  private static final MessageCodec CODEC = MessageCodec.create();

  @Test
  void typeHintsInArgumentsAreDataNotClassesToInstantiate() {
    JsonNode argument =
        CODEC
            .mapper()
            .readTree(
                "{\"@class\": \"java.lang.ProcessBuilder\", \"command\": [\"touch\", \"/tmp/x\"],"
                    + " \"@type\": \"java.net.URL\", \"val\": \"http://example.invalid/\"}");

    Object asObject = RpcJson.convert(argument, RpcJson.type(Object.class));
    Object asList =
        RpcJson.convert(CODEC.mapper().readTree("[" + argument + "]"), RpcJson.type(List.class));

    assertThat(asObject).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) asObject).get("@class")).isEqualTo("java.lang.ProcessBuilder");
    assertThat(((List<?>) asList).get(0)).isInstanceOf(Map.class);
  }

  @Test
  void aMessageNestedTooDeeplyIsRefused() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    byte[] body =
        ("{\"oslo.version\": \"2.0\", \"oslo.message\": "
                + CODEC.mapper().writeValueAsString(deep)
                + "}")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> CODEC.decode(body)).isInstanceOf(RuntimeException.class);
  }
}
