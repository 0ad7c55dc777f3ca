package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * Jackson trees to the values a Vert.x {@link JsonObject} holds.
 */
public final class JsonValues {

  private JsonValues() {
  }

  @SuppressWarnings("unchecked")
  public static Object toVertx(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      return new JsonObject(Codecs.MAPPER.convertValue(node, Map.class));
    }
    if (node.isArray()) {
      return new JsonArray(Codecs.MAPPER.convertValue(node, List.class));
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.asText();
  }
}
