package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads required fields of a frame.
 */
final class FrameFields {

  private FrameFields() {
  }

  static String text(JsonNode node, String field) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new ProtocolException("frame without string field '" + field + "'");
    }
    return value.textValue();
  }

  static long integer(JsonNode node, String field) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new ProtocolException("frame without integer field '" + field + "'");
    }
    return value.longValue();
  }
}
