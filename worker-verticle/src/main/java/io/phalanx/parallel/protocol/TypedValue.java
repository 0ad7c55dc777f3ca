package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

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
 * <p>
 * {@link TypedValueWriter} writes such values and {@link TypedValueReader} reads them; this class holds the type
 * names they share.
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

  /**
   * @return the JSON text of {@code value} as {@link TypedValueWriter#write} writes it
   */
  public static String encode(ObjectMapper mapper, Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
      TypedValueWriter.write(gen, value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * @return the value of a typed value's JSON text, as {@link #encode} writes it
   */
  public static Object decode(ObjectMapper mapper, String json) throws ProtocolException {
    try {
      return TypedValueReader.read(mapper.readTree(json));
    } catch (IOException e) {
      throw new ProtocolException("malformed typed value: " + e.getMessage(), e);
    }
  }
}
