package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypedValueTest {

  private static final ObjectMapper MAPPER = ProtocolMapper.create();

  private static Object roundTrip(Object value) throws ProtocolException {
    return TypedValue.decode(MAPPER, TypedValue.encode(MAPPER, value));
  }

  static Stream<Object> scalars() {
    return Stream.of("", "hello", "ünïcødé ✓ \n \"quoted\"", true, false,
      0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE,
      0L, 5L, -5L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1,
      0.0, -0.0, 1.5, Math.PI, Double.MAX_VALUE, Double.MIN_VALUE, 1e300, 3.0,
      0.0f, 0.1f, -2.5f, Float.MAX_VALUE, Float.MIN_VALUE, 3.0f,
      (short) 0, (short) -7, Short.MAX_VALUE, Short.MIN_VALUE,
      (byte) 0, (byte) 42, Byte.MAX_VALUE, Byte.MIN_VALUE,
      'a', '\n', '"', 'é', '\u20ac',
      new BigInteger("123456789012345678901234567890"), BigInteger.ONE,
      new BigDecimal("3.14159265358979323846264338327950288"), new BigDecimal("1E+5"));
  }

  @ParameterizedTest
  @MethodSource("scalars")
  void everyScalarComesBackEqualAndOfTheSameClass(Object value) throws ProtocolException {
    Object back = roundTrip(value);

    assertThat(back).isEqualTo(value);
    assertThat(back.getClass()).isEqualTo(value.getClass());
  }

  @Test
  void nullComesBackAsNullWithoutAValueField() throws ProtocolException {
    assertThat(TypedValue.encode(MAPPER, null)).isEqualTo("{\"type\":\"null\"}");
    assertThat(roundTrip(null)).isNull();
  }

  @Test
  void aLongIsTaggedSoThatItIsNotReadBackAsAnInteger() throws ProtocolException {
    assertThat(TypedValue.encode(MAPPER, 5L)).isEqualTo("{\"type\":\"long\",\"value\":5}");
    assertThat(roundTrip(5L)).isInstanceOf(Long.class).isEqualTo(5L);
  }

  @Test
  void typeComesFirst() {
    assertThat(TypedValue.encode(MAPPER, "x")).startsWith("{\"type\":\"string\"");
    assertThat(TypedValue.encode(MAPPER, new JsonObject().put("a", 1))).startsWith("{\"type\":\"json_object\"");
  }

  @Test
  void nonFiniteDoublesAndFloatsComeBack() throws ProtocolException {
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThat(roundTrip(d)).isInstanceOf(Double.class).isEqualTo(d);
    }
    for (float f : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      assertThat(roundTrip(f)).isInstanceOf(Float.class).isEqualTo(f);
    }
  }

  @Test
  void randomFloatsAndDoublesComeBackBitForBit() throws ProtocolException {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      float f = Float.intBitsToFloat(random.nextInt());
      double d = Double.longBitsToDouble(random.nextLong());
      if (Float.isFinite(f)) {
        assertThat(Float.floatToIntBits((Float) roundTrip(f))).isEqualTo(Float.floatToIntBits(f));
      }
      if (Double.isFinite(d)) {
        assertThat(Double.doubleToLongBits((Double) roundTrip(d))).isEqualTo(Double.doubleToLongBits(d));
      }
    }
  }

  @Test
  void aBufferAndBytesComeBackWithTheirBytes() throws ProtocolException {
    byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0x80, 127, '\n'};

    Object buffer = roundTrip(Buffer.buffer(bytes));
    Object array = roundTrip(bytes);

    assertThat(buffer).isInstanceOf(Buffer.class);
    assertThat(((Buffer) buffer).getBytes()).containsExactly(bytes);
    assertThat(array).isInstanceOf(byte[].class);
    assertThat((byte[]) array).containsExactly(bytes);
    assertThat(roundTrip(Buffer.buffer())).isEqualTo(Buffer.buffer());
  }

  @Nested
  class Json {

    @Test
    void aJsonObjectWithEveryKindOfMemberComesBackEqual() throws ProtocolException {
      JsonObject value = new JsonObject()
        .put("string", "s").put("int", 7).put("long", 7L).put("bigLong", Long.MAX_VALUE).put("double", 2.5)
        .put("float", 2.5f).put("true", true).put("null", null)
        .put("nested", new JsonObject().put("deeper", new JsonArray().add(1).add(2L).add("three")))
        .put("empty", new JsonObject()).put("emptyArray", new JsonArray());

      Object back = roundTrip(value);

      assertThat(back).isEqualTo(value);
      JsonObject json = (JsonObject) back;
      assertThat(json.getValue("int")).isInstanceOf(Integer.class);
      assertThat(json.getValue("long")).isInstanceOf(Long.class);
      assertThat(json.getValue("bigLong")).isInstanceOf(Long.class);
      assertThat(json.getValue("double")).isInstanceOf(Double.class);
      assertThat(json.getValue("float")).isInstanceOf(Float.class);
      assertThat(json.getJsonObject("nested").getJsonArray("deeper").getValue(1)).isInstanceOf(Long.class);
      assertThat(json.getJsonObject("nested").getJsonArray("deeper").getValue(0)).isInstanceOf(Integer.class);
    }

    @Test
    void aJsonArrayOfLongsAsAListOfLongsComesBackAsLongs() throws ProtocolException {
      JsonArray value = new JsonArray(List.of(1L, 2L, 3L));

      String encoded = TypedValue.encode(MAPPER, value);
      JsonArray back = (JsonArray) TypedValue.decode(MAPPER, encoded);

      assertThat(encoded).isEqualTo("{\"type\":\"json_array\",\"value\":[1,2,3],"
        + "\"types\":{\"0\":\"long\",\"1\":\"long\",\"2\":\"long\"}}");
      assertThat(back.getList()).containsExactly(1L, 2L, 3L);
      assertThat(back.getList()).allSatisfy(e -> assertThat(e).isInstanceOf(Long.class));
    }

    @Test
    void plainJsonNeedsNoTypes() {
      JsonObject value = new JsonObject().put("a", 1).put("b", "x").put("c", new JsonArray().add(1.5).add(true));

      assertThat(TypedValue.encode(MAPPER, value)).isEqualTo(
        "{\"type\":\"json_object\",\"value\":{\"a\":1,\"b\":\"x\",\"c\":[1.5,true]}}");
    }

    @Test
    void numbersAndCharsInJsonComeBackTyped() throws ProtocolException {
      JsonObject value = new JsonObject()
        .put("short", (short) 3).put("byte", (byte) -4).put("char", 'c').put("nan", Double.NaN)
        .put("big", new BigInteger("99999999999999999999")).put("decimal", new BigDecimal("0.1"))
        .put("list", new JsonArray().add(new JsonObject().put("f", 0.1f)));

      JsonObject back = (JsonObject) roundTrip(value);

      assertThat(back.getValue("short")).isEqualTo((short) 3);
      assertThat(back.getValue("byte")).isEqualTo((byte) -4);
      assertThat(back.getValue("char")).isEqualTo('c');
      assertThat((Double) back.getValue("nan")).isNaN();
      assertThat(back.getValue("big")).isEqualTo(new BigInteger("99999999999999999999"));
      assertThat(back.getValue("decimal")).isEqualTo(new BigDecimal("0.1"));
      assertThat(back.getJsonArray("list").getJsonObject(0).getValue("f")).isEqualTo(0.1f);
    }

    @Test
    void mapsAndListsInsideAJsonObjectTravelAsJson() throws ProtocolException {
      JsonObject value = new JsonObject().put("map", Map.of("k", 1L)).put("list", List.of("a", "b"));

      JsonObject back = (JsonObject) roundTrip(value);

      assertThat(back.getJsonObject("map").getValue("k")).isEqualTo(1L);
      assertThat(back.getJsonArray("list").getList()).containsExactly("a", "b");
    }

    @Test
    void instantsBytesEnumsInJsonTravelAsStrings() throws ProtocolException {
      Instant now = Instant.parse("2025-01-02T03:04:05.678Z");
      JsonObject value = new JsonObject().put("when", now).put("bytes", new byte[] {1, 2, 3})
        .put("buffer", Buffer.buffer("hi")).put("unit", java.util.concurrent.TimeUnit.SECONDS);

      JsonObject back = (JsonObject) roundTrip(value);

      assertThat(back.getInstant("when")).isEqualTo(now);
      assertThat(back.getBinary("bytes")).containsExactly(1, 2, 3);
      assertThat(back.getBuffer("buffer")).isEqualTo(Buffer.buffer("hi"));
      assertThat(back.getString("unit")).isEqualTo("SECONDS");
    }

    @Test
    void keysThatLookLikePathsOrIndexesAreJustKeys() throws ProtocolException {
      JsonObject value = new JsonObject().put("0", 1L).put("a/b", 2L).put("", 3L).put("types", 4L).put("type", "x");

      JsonObject back = (JsonObject) roundTrip(value);

      assertThat(back).isEqualTo(value);
      assertThat(back.getValue("a/b")).isInstanceOf(Long.class);
      assertThat(back.getValue("")).isInstanceOf(Long.class);
    }
  }

  @Nested
  class Refusals {

    @Test
    void aValueOfAnotherTypeIsRefusedNamingItsClass() {
      assertThatThrownBy(() -> TypedValue.encode(MAPPER, new Object()))
        .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("java.lang.Object");
      assertThatThrownBy(() -> TypedValue.encode(MAPPER, List.of(1)))
        .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("List");
    }

    @Test
    void aValueOfAnotherTypeInsideJsonIsRefused() {
      assertThatThrownBy(() -> TypedValue.encode(MAPPER, new JsonObject().put("x", new StringBuilder("sb")).put("y",
        new Object())))
        .isInstanceOf(UnsupportedValueException.class).hasMessageContaining("java.lang.Object");
    }

    @Test
    void malformedTypedValuesAreProtocolErrors() {
      for (String bad : List.of("[]", "{}", "{\"type\":7}", "{\"type\":\"int\"}", "{\"type\":\"int\",\"value\":\"x\"}",
        "{\"type\":\"int\",\"value\":4294967296}", "{\"type\":\"byte\",\"value\":300}", "{\"type\":\"char\",\"value\":\"ab\"}",
        "{\"type\":\"double\",\"value\":\"lots\"}", "{\"type\":\"mystery\",\"value\":1}",
        "{\"type\":\"json_object\",\"value\":[]}", "{\"type\":\"buffer\",\"value\":\"***\"}",
        "{\"type\":\"json_array\",\"value\":[1],\"types\":{\"5\":\"long\"}}",
        "{\"type\":\"json_array\",\"value\":[\"a\"],\"types\":{\"0\":\"long\"}}",
        "{\"type\":\"json_object\",\"value\":{\"a\":1},\"types\":{\"b\":\"long\"}}",
        "{\"type\":\"json_object\",\"value\":{\"a\":1},\"types\":{\"a\":{\"0\":\"long\"}}}",
        "{\"type\":\"json_object\",\"value\":{\"a\":1},\"types\":{\"a\":\"mystery\"}}")) {
        assertThatThrownBy(() -> TypedValue.decode(MAPPER, bad)).as(bad).isInstanceOf(ProtocolException.class);
      }
    }
  }
}
