package dev.bosun.rpc;

import java.lang.reflect.Type;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON mapping of RPC arguments and results. Strict about scalars, so that a wrong type is an
 * error the caller sees rather than a silent conversion: {@code "5"} is not an {@code int} and
 * {@code 1.5} is not a {@code long}. Unknown properties of records and beans are ignored, so a
 * newer peer may send more fields.
 */
final class RpcJson {
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private RpcJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static JavaType type(Type type) {
    return MAPPER.getTypeFactory().constructType(type);
  }

  static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  static Object convert(JsonNode node, JavaType type) {
    return MAPPER.treeToValue(node, type);
  }
}
