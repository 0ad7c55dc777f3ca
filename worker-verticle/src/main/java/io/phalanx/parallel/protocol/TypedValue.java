package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event-bus body as it crosses the process boundary, with a type tag so that it comes back as the same Java type:
 * {@code {"type":"long","value":5}}. JSON alone loses the type of numbers (a {@code Long} 5 would be read back as an
 * {@code Integer}, and a generated service proxy would fail with {@code ClassCastException}).
 * <p>
 * Types: {@code null} (no {@code value}), {@code string}, {@code boolean}, {@code int}, {@code long},
 * {@code double}, {@code float}, {@code short}, {@code byte}, {@code char} (a one-character string),
 * {@code json_object}, {@code json_array}, {@code buffer} and {@code bytes} (base64), {@code big_integer} and
 * {@code big_decimal} (decimal strings). A {@code double} or {@code float} that is NaN or infinite is written as the
 * string Java prints for it.
 * <p>
 * Inside a {@code json_object} or {@code json_array}, every number whose Java type plain JSON would not give back (a
 * {@code Long} within the int range, a {@code Float}, {@code Short}, {@code Byte}, {@code BigInteger},
 * {@code BigDecimal}, a non-finite {@code Double}, a {@code Character}) is listed in an optional {@code types} field
 * that mirrors the value's shape: object keys and array indexes leading to a type name, for example
 * {@code {"type":"json_array","value":[1,2],"types":{"0":"long","1":"long"}}}. A {@code List<Long>} therefore comes
 * back as longs. Other values inside JSON (an {@code Instant}, {@code byte[]}, {@code Buffer} or enum) travel as the
 * strings {@code JsonObject.getValue} gives for them, which {@code getInstant}, {@code getBinary} and
 * {@code getBuffer} read back.
 */
public final class TypedValue {

  public static final String NULL = "null";
  public static final String STRING = "string";
  public static final String BOOLEAN = "boolean";
  public static final String INT = "int";
  public static final String LONG = "long";
  public static final String DOUBLE = "double";
  public static final String FLOAT = "float";
  public static final String SHORT = "short";
  public static final String BYTE = "byte";
  public static final String CHAR = "char";
  public static final String JSON_OBJECT = "json_object";
  public static final String JSON_ARRAY = "json_array";
  public static final String BUFFER = "buffer";
  public static final String BYTES = "bytes";
  public static final String BIG_INTEGER = "big_integer";
  public static final String BIG_DECIMAL = "big_decimal";

  /** Bounds the nesting of JSON values, so that a pathological value fails cleanly instead of overflowing the stack. */
  static final int MAX_DEPTH = 500;

  private TypedValue() {
  }

  /**
   * @return the type name {@code value} travels as, or {@code null} when it cannot travel
   */
  public static String typeOf(Object value) {
    if (value == null) {
      return NULL;
    } else if (value instanceof String) {
      return STRING;
    } else if (value instanceof Boolean) {
      return BOOLEAN;
    } else if (value instanceof Integer) {
      return INT;
    } else if (value instanceof Long) {
      return LONG;
    } else if (value instanceof Double) {
      return DOUBLE;
    } else if (value instanceof Float) {
      return FLOAT;
    } else if (value instanceof Short) {
      return SHORT;
    } else if (value instanceof Byte) {
      return BYTE;
    } else if (value instanceof Character) {
      return CHAR;
    } else if (value instanceof JsonObject) {
      return JSON_OBJECT;
    } else if (value instanceof JsonArray) {
      return JSON_ARRAY;
    } else if (value instanceof Buffer) {
      return BUFFER;
    } else if (value instanceof byte[]) {
      return BYTES;
    } else if (value instanceof BigInteger) {
      return BIG_INTEGER;
    } else if (value instanceof BigDecimal) {
      return BIG_DECIMAL;
    }
    return null;
  }

  // ------------------------------------------------------------------------------------------------ writing

  /**
   * Writes {@code {"type":...,"value":...}} (and {@code "types"} where a JSON value needs it).
   *
   * @throws UnsupportedValueException when the value, or a value inside it, cannot travel
   */
  public static void write(JsonGenerator gen, Object value) throws IOException {
    String type = typeOf(value);
    if (type == null) {
      throw new UnsupportedValueException("a value of type " + value.getClass().getName()
        + " cannot cross the process boundary (null, String, Boolean, a number, Character, JsonObject, JsonArray, "
        + "Buffer or byte[] can)");
    }
    gen.writeStartObject();
    gen.writeStringField("type", type);
    Object types = null;
    switch (type) {
      case NULL -> {
      }
      case STRING -> gen.writeStringField("value", (String) value);
      case BOOLEAN -> gen.writeBooleanField("value", (Boolean) value);
      case INT, LONG, SHORT, BYTE -> gen.writeNumberField("value", ((Number) value).longValue());
      case DOUBLE -> {
        gen.writeFieldName("value");
        writeDouble(gen, (Double) value);
      }
      case FLOAT -> {
        gen.writeFieldName("value");
        writeFloat(gen, (Float) value);
      }
      case CHAR -> gen.writeStringField("value", value.toString());
      case BIG_INTEGER, BIG_DECIMAL -> gen.writeStringField("value", value.toString());
      case BUFFER -> gen.writeStringField("value", Base64.getEncoder().encodeToString(((Buffer) value).getBytes()));
      case BYTES -> gen.writeStringField("value", Base64.getEncoder().encodeToString((byte[]) value));
      case JSON_OBJECT -> {
        gen.writeFieldName("value");
        types = writeObject(gen, (JsonObject) value, 0);
      }
      case JSON_ARRAY -> {
        gen.writeFieldName("value");
        types = writeArray(gen, (JsonArray) value, 0);
      }
      default -> throw new IllegalStateException(type);
    }
    if (types != null) {
      gen.writeFieldName("types");
      writeTypes(gen, types);
    }
    gen.writeEndObject();
  }

  /**
   * Writes a JSON object as plain JSON (no type tags), for fields such as a service failure's debug info.
   */
  public static void writePlain(JsonGenerator gen, JsonObject json) throws IOException {
    writeObject(gen, json, 0);
  }

  /**
   * @return the JSON text of {@code value} as {@link #write} writes it
   */
  public static String encode(ObjectMapper mapper, Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      write(gen, value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void writeDouble(JsonGenerator gen, double d) throws IOException {
    if (Double.isFinite(d)) {
      gen.writeNumber(d);
    } else {
      gen.writeString(Double.toString(d));
    }
  }

  private static void writeFloat(JsonGenerator gen, float f) throws IOException {
    if (Float.isFinite(f)) {
      // widened: Double.toString round-trips exactly, so narrowing the double read back gives this float again
      gen.writeNumber((double) f);
    } else {
      gen.writeString(Float.toString(f));
    }
  }

  /** @return the types of the object's members that need one (see the class comment), or null when none does */
  private static Map<String, Object> writeObject(JsonGenerator gen, JsonObject json, int depth) throws IOException {
    checkDepth(depth);
    Map<String, Object> types = null;
    gen.writeStartObject();
    for (String key : json.fieldNames()) {
      gen.writeFieldName(key);
      Object type = writeElement(gen, json.getValue(key), depth + 1);
      if (type != null) {
        if (types == null) {
          types = new LinkedHashMap<>();
        }
        types.put(key, type);
      }
    }
    gen.writeEndObject();
    return types;
  }

  private static Map<String, Object> writeArray(JsonGenerator gen, JsonArray array, int depth) throws IOException {
    checkDepth(depth);
    Map<String, Object> types = null;
    gen.writeStartArray();
    for (int i = 0; i < array.size(); i++) {
      Object type = writeElement(gen, array.getValue(i), depth + 1);
      if (type != null) {
        if (types == null) {
          types = new LinkedHashMap<>();
        }
        types.put(Integer.toString(i), type);
      }
    }
    gen.writeEndArray();
    return types;
  }

  /**
   * @return null when plain JSON gives the value back as it is, a type name for a leaf that needs one, or the types
   * inside a nested JSON value
   */
  private static Object writeElement(JsonGenerator gen, Object value, int depth) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else if (value instanceof CharSequence s) {
      gen.writeString(s.toString());
    } else if (value instanceof Boolean b) {
      gen.writeBoolean(b);
    } else if (value instanceof Integer i) {
      gen.writeNumber(i);
    } else if (value instanceof Long l) {
      gen.writeNumber(l);
      // read back, a long within the int range would be an Integer
      return l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? LONG : null;
    } else if (value instanceof Double d) {
      writeDouble(gen, d);
      return Double.isFinite(d) ? null : DOUBLE;
    } else if (value instanceof Float f) {
      writeFloat(gen, f);
      return FLOAT;
    } else if (value instanceof Short s) {
      gen.writeNumber(s);
      return SHORT;
    } else if (value instanceof Byte b) {
      gen.writeNumber(b);
      return BYTE;
    } else if (value instanceof BigInteger || value instanceof BigDecimal) {
      gen.writeString(value.toString());
      return value instanceof BigInteger ? BIG_INTEGER : BIG_DECIMAL;
    } else if (value instanceof Character c) {
      gen.writeString(c.toString());
      return CHAR;
    } else if (value instanceof JsonObject o) {
      return writeObject(gen, o, depth);
    } else if (value instanceof JsonArray a) {
      return writeArray(gen, a, depth);
    } else {
      throw new UnsupportedValueException("a value of type " + value.getClass().getName()
        + " inside a JSON value cannot cross the process boundary");
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static void writeTypes(JsonGenerator gen, Object types) throws IOException {
    if (types instanceof String name) {
      gen.writeString(name);
      return;
    }
    gen.writeStartObject();
    for (Map.Entry<String, Object> entry : ((Map<String, Object>) types).entrySet()) {
      gen.writeFieldName(entry.getKey());
      writeTypes(gen, entry.getValue());
    }
    gen.writeEndObject();
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new UnsupportedValueException("a JSON value nested deeper than " + MAX_DEPTH
        + " levels cannot cross the process boundary");
    }
  }

  // ------------------------------------------------------------------------------------------------ reading

  /**
   * Reads what {@link #write} wrote.
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

  /**
   * @return the value of a typed value's JSON text, as {@link #encode} writes it
   */
  public static Object decode(ObjectMapper mapper, String json) throws ProtocolException {
    try {
      return read(mapper.readTree(json));
    } catch (IOException e) {
      throw new ProtocolException("malformed typed value: " + e.getMessage(), e);
    }
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
