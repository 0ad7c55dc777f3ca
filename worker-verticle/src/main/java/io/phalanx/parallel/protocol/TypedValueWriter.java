package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
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
import static io.phalanx.parallel.protocol.TypedValue.typeOf;

/**
 * Writes event-bus bodies as {@link TypedValue}s: the value with its type tag, and the types of the numbers inside a
 * JSON value that plain JSON would not give back. {@link TypedValueReader} reads what it writes.
 */
public final class TypedValueWriter {

  private TypedValueWriter() {
  }

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
}
