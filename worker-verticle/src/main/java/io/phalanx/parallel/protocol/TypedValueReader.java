package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.phalanx.parallel.protocol.TypedValue.BIG_DECIMAL;
import static io.phalanx.parallel.protocol.TypedValue.BIG_INTEGER;
import static io.phalanx.parallel.protocol.TypedValue.BOOLEAN;
import static io.phalanx.parallel.protocol.TypedValue.BUFFER;
import static io.phalanx.parallel.protocol.TypedValue.BYTE;
import static io.phalanx.parallel.protocol.TypedValue.BYTES;
import static io.phalanx.parallel.protocol.TypedValue.CHAR;
import static io.phalanx.parallel.protocol.TypedValue.DOUBLE;
import static io.phalanx.parallel.protocol.TypedValue.FLOAT;
import static io.phalanx.parallel.protocol.TypedValue.INT;
import static io.phalanx.parallel.protocol.TypedValue.JSON_ARRAY;
import static io.phalanx.parallel.protocol.TypedValue.JSON_OBJECT;
import static io.phalanx.parallel.protocol.TypedValue.LONG;
import static io.phalanx.parallel.protocol.TypedValue.MAX_DEPTH;
import static io.phalanx.parallel.protocol.TypedValue.NULL;
import static io.phalanx.parallel.protocol.TypedValue.SHORT;
import static io.phalanx.parallel.protocol.TypedValue.STRING;

/**
 * Reads {@link TypedValue}s back into the Java types they were written from, checking each tag, range and nesting
 * depth, so that a malformed frame fails with a {@link ProtocolException} instead of a surprise later.
 */
public final class TypedValueReader {

  private TypedValueReader() {
  }

  /**
   * Reads what {@link TypedValueWriter#write} wrote.
   *
   * @throws ProtocolException when the node is not a typed value
   */
  public static Object read(JsonNode node) throws ProtocolException {
    if (node == null || !node.isObject()) {
      throw new ProtocolException("a typed value must be a JSON object");
    }
    JsonNode typeNode = node.get("type");
    if (typeNode == null || !typeNode.isTextual()) {
      throw new ProtocolException("typed value without string field 'type'");
    }
    String type = typeNode.textValue();
    JsonNode value = node.get("value");
    if (!type.equals(NULL) && value == null) {
      throw new ProtocolException("typed value of type '" + type + "' without field 'value'");
    }
    return switch (type) {
      case NULL -> null;
      case STRING -> text(value, type);
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          throw mismatch(type, value);
        }
        yield value.booleanValue();
      }
      case INT -> (int) integral(value, type, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case LONG -> integral(value, type, Long.MIN_VALUE, Long.MAX_VALUE);
      case SHORT -> (short) integral(value, type, Short.MIN_VALUE, Short.MAX_VALUE);
      case BYTE -> (byte) integral(value, type, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case DOUBLE -> floating(value, type);
      case FLOAT -> (float) floating(value, type);
      case CHAR -> character(text(value, type));
      case BIG_INTEGER -> bigInteger(text(value, type));
      case BIG_DECIMAL -> bigDecimal(text(value, type));
      case BUFFER -> Buffer.buffer(base64(text(value, type)));
      case BYTES -> base64(text(value, type));
      case JSON_OBJECT -> {
        if (!value.isObject()) {
          throw mismatch(type, value);
        }
        JsonObject json = readObject(value, 0);
        applyTypes(json, node.get("types"), 0);
        yield json;
      }
      case JSON_ARRAY -> {
        if (!value.isArray()) {
          throw mismatch(type, value);
        }
        JsonArray json = readArray(value, 0);
        applyTypes(json, node.get("types"), 0);
        yield json;
      }
      default -> throw new ProtocolException("unknown value type '" + type + "'");
    };
  }

  /**
   * Reads a plain JSON object (no type tags) as a {@link JsonObject}.
   */
  public static JsonObject readPlain(JsonNode node) throws ProtocolException {
    if (node == null || !node.isObject()) {
      throw new ProtocolException("expected a JSON object");
    }
    return readObject(node, 0);
  }


  private static JsonObject readObject(JsonNode node, int depth) throws ProtocolException {
    checkReadDepth(depth);
    Map<String, Object> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      map.put(field.getKey(), readElement(field.getValue(), depth + 1));
    }
    return new JsonObject(map);
  }

  private static JsonArray readArray(JsonNode node, int depth) throws ProtocolException {
    checkReadDepth(depth);
    JsonArray array = new JsonArray();
    for (JsonNode element : node) {
      array.add(readElement(element, depth + 1));
    }
    return array;
  }

  private static Object readElement(JsonNode node, int depth) throws ProtocolException {
    if (node.isNull()) {
      return null;
    } else if (node.isTextual()) {
      return node.textValue();
    } else if (node.isBoolean()) {
      return node.booleanValue();
    } else if (node.isNumber()) {
      // Integer, Long, BigInteger or Double, as plain JSON parsing gives them; "types" corrects the rest
      return node.numberValue();
    } else if (node.isObject()) {
      return readObject(node, depth);
    } else if (node.isArray()) {
      return readArray(node, depth);
    }
    throw new ProtocolException("unexpected JSON node " + node.getNodeType());
  }

  private static void applyTypes(Object container, JsonNode types, int depth) throws ProtocolException {
    if (types == null || types.isNull()) {
      return;
    }
    if (!types.isObject()) {
      throw new ProtocolException("field 'types' of a typed value must be an object");
    }
    checkReadDepth(depth);
    Iterator<Map.Entry<String, JsonNode>> entries = types.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String key = entry.getKey();
      JsonNode type = entry.getValue();
      Object current;
      if (container instanceof JsonObject json) {
        if (!json.containsKey(key)) {
          throw new ProtocolException("'types' names member '" + key + "', which the value does not have");
        }
        current = json.getValue(key);
      } else {
        JsonArray array = (JsonArray) container;
        int index = index(key, array.size());
        current = array.getValue(index);
      }
      if (type.isTextual()) {
        Object converted = convert(current, type.textValue());
        if (container instanceof JsonObject json) {
          json.put(key, converted);
        } else {
          ((JsonArray) container).set(Integer.parseInt(key), converted);
        }
      } else if (current instanceof JsonObject || current instanceof JsonArray) {
        applyTypes(current, type, depth + 1);
      } else {
        throw new ProtocolException("'types' describes member '" + key + "' as nested, but it is "
          + (current == null ? "null" : current.getClass().getSimpleName()));
      }
    }
  }

  private static int index(String key, int size) throws ProtocolException {
    int index;
    try {
      index = Integer.parseInt(key);
    } catch (NumberFormatException e) {
      throw new ProtocolException("'types' of an array holds the key '" + key + "', not an index");
    }
    if (index < 0 || index >= size) {
      throw new ProtocolException("'types' names index " + index + " of an array of " + size);
    }
    return index;
  }

  private static Object convert(Object value, String type) throws ProtocolException {
    switch (type) {
      case LONG, SHORT, BYTE -> {
        if (!(value instanceof Integer || value instanceof Long)) {
          throw new ProtocolException("a '" + type + "' inside a JSON value must be an integer, was " + value);
        }
        long l = ((Number) value).longValue();
        return switch (type) {
          case LONG -> l;
          case SHORT -> {
            checkRange(l, Short.MIN_VALUE, Short.MAX_VALUE, type);
            yield (short) l;
          }
          default -> {
            checkRange(l, Byte.MIN_VALUE, Byte.MAX_VALUE, type);
            yield (byte) l;
          }
        };
      }
      case DOUBLE, FLOAT -> {
        double d;
        if (value instanceof Number n) {
          d = n.doubleValue();
        } else if (value instanceof String s) {
          d = special(s, type);
        } else {
          throw new ProtocolException("a '" + type + "' inside a JSON value must be a number, was " + value);
        }
        return type.equals(FLOAT) ? (Object) (float) d : (Object) d;
      }
      case BIG_INTEGER, BIG_DECIMAL, CHAR -> {
        if (!(value instanceof String s)) {
          throw new ProtocolException("a '" + type + "' inside a JSON value must be a string, was " + value);
        }
        return type.equals(CHAR) ? character(s) : type.equals(BIG_INTEGER) ? bigInteger(s) : bigDecimal(s);
      }
      default -> throw new ProtocolException("unknown value type '" + type + "' inside a JSON value");
    }
  }

  private static String text(JsonNode value, String type) throws ProtocolException {
    if (!value.isTextual()) {
      throw mismatch(type, value);
    }
    return value.textValue();
  }

  private static long integral(JsonNode value, String type, long min, long max) throws ProtocolException {
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw mismatch(type, value);
    }
    long l = value.longValue();
    checkRange(l, min, max, type);
    return l;
  }

  private static void checkRange(long l, long min, long max, String type) throws ProtocolException {
    if (l < min || l > max) {
      throw new ProtocolException("value " + l + " is out of the range of a '" + type + "'");
    }
  }

  private static double floating(JsonNode value, String type) throws ProtocolException {
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      return special(value.textValue(), type);
    }
    throw mismatch(type, value);
  }

  private static double special(String text, String type) throws ProtocolException {
    return switch (text) {
      case "NaN" -> Double.NaN;
      case "Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> throw new ProtocolException("a '" + type + "' must be a number, NaN, Infinity or -Infinity, was '"
        + text + "'");
    };
  }

  private static char character(String text) throws ProtocolException {
    if (text.length() != 1) {
      throw new ProtocolException("a 'char' must be a string of one character, was '" + text + "'");
    }
    return text.charAt(0);
  }

  private static BigInteger bigInteger(String text) throws ProtocolException {
    checkNumberLength(text, BIG_INTEGER);
    try {
      return new BigInteger(text);
    } catch (NumberFormatException e) {
      throw new ProtocolException("not a big_integer: '" + text + "'");
    }
  }

  private static BigDecimal bigDecimal(String text) throws ProtocolException {
    checkNumberLength(text, BIG_DECIMAL);
    try {
      BigDecimal value = new BigDecimal(text);
      // a scale past the limit stands for as many digits as it says: 1e999999999 would cost as much to use
      if (Math.abs((long) value.scale()) > ProtocolMapper.MAX_NUMBER_LENGTH) {
        throw new ProtocolException("a big_decimal whose scale " + value.scale() + " is past the limit of "
          + ProtocolMapper.MAX_NUMBER_LENGTH);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ProtocolException("not a big_decimal: '" + text + "'");
    }
  }

  /** Parsing a number of n digits costs up to n squared: its length is bounded before it is parsed. */
  private static void checkNumberLength(String text, String type) throws ProtocolException {
    if (text.length() > ProtocolMapper.MAX_NUMBER_LENGTH) {
      throw new ProtocolException("a " + type + " of " + text.length() + " characters is longer than the limit of "
        + ProtocolMapper.MAX_NUMBER_LENGTH);
    }
  }

  private static byte[] base64(String text) throws ProtocolException {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("not base64: " + e.getMessage());
    }
  }

  private static void checkReadDepth(int depth) throws ProtocolException {
    if (depth > MAX_DEPTH) {
      throw new ProtocolException("a typed value nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private static ProtocolException mismatch(String type, JsonNode value) {
    return new ProtocolException("a '" + type + "' value cannot be " + value.getNodeType().name().toLowerCase());
  }
}
