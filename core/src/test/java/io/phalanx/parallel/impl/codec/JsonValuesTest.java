package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonValuesTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static JsonNode parse(String json) throws Exception {
    return Codecs.MAPPER.readTree(json);
  }

  @Test
  void anObjectBecomesAJsonObject() throws Exception {
    Object value = JsonValues.toVertx(parse("{\"a\":1,\"nested\":{\"b\":\"x\"},\"list\":[true]}"));

    assertThat(value).isInstanceOf(JsonObject.class);
    JsonObject json = (JsonObject) value;
    assertThat(json.getInteger("a")).isEqualTo(1);
    assertThat(json.getJsonObject("nested").getString("b")).isEqualTo("x");
    assertThat(json.getJsonArray("list").getBoolean(0)).isTrue();
    assertThat(json).isEqualTo(new JsonObject("{\"a\":1,\"nested\":{\"b\":\"x\"},\"list\":[true]}"));
  }

  @Test
  void anArrayBecomesAJsonArray() throws Exception {
    Object value = JsonValues.toVertx(parse("[1,\"two\",{\"three\":3},null]"));

    assertThat(value).isInstanceOf(JsonArray.class);
    JsonArray array = (JsonArray) value;
    assertThat(array.size()).isEqualTo(4);
    assertThat(array.getInteger(0)).isEqualTo(1);
    assertThat(array.getString(1)).isEqualTo("two");
    assertThat(array.getJsonObject(2).getInteger("three")).isEqualTo(3);
    assertThat(array.hasNull(3)).isTrue();
  }

  @Test
  void textBecomesAString() {
    assertThat(JsonValues.toVertx(NODES.textNode("hello"))).isEqualTo("hello");
    assertThat(JsonValues.toVertx(NODES.textNode(""))).isEqualTo("");
  }

  @Test
  void anIntStaysAnInteger() throws Exception {
    assertThat(JsonValues.toVertx(parse("42"))).isExactlyInstanceOf(Integer.class).isEqualTo(42);
  }

  @Test
  void aLongStaysALong() throws Exception {
    assertThat(JsonValues.toVertx(parse("5000000000"))).isExactlyInstanceOf(Long.class).isEqualTo(5_000_000_000L);
    assertThat(JsonValues.toVertx(NODES.numberNode(7L))).isExactlyInstanceOf(Long.class).isEqualTo(7L);
  }

  @Test
  void aDoubleStaysADouble() throws Exception {
    assertThat(JsonValues.toVertx(parse("1.5"))).isExactlyInstanceOf(Double.class).isEqualTo(1.5);
  }

  @Test
  void numbersInsideAnObjectKeepTheirKind() throws Exception {
    JsonObject json = (JsonObject) JsonValues.toVertx(parse("{\"i\":1,\"l\":5000000000,\"d\":0.25}"));

    assertThat(json.getValue("i")).isExactlyInstanceOf(Integer.class);
    assertThat(json.getValue("l")).isExactlyInstanceOf(Long.class);
    assertThat(json.getValue("d")).isExactlyInstanceOf(Double.class);
  }

  @Test
  void booleansBecomeBooleans() {
    assertThat(JsonValues.toVertx(NODES.booleanNode(true))).isEqualTo(Boolean.TRUE);
    assertThat(JsonValues.toVertx(NODES.booleanNode(false))).isEqualTo(Boolean.FALSE);
  }

  @Test
  void nullMissingAndAbsentBecomeNull() {
    assertThat(JsonValues.toVertx(NullNode.getInstance())).isNull();
    assertThat(JsonValues.toVertx(MissingNode.getInstance())).isNull();
    assertThat(JsonValues.toVertx(null)).isNull();
  }

  @Test
  void theResultCanBePutIntoAReplyAndEncoded() throws Exception {
    JsonObject reply = new JsonObject().put("result", JsonValues.toVertx(parse("{\"a\":[1,2,{\"b\":null}]}")));

    assertThat(reply.encode()).isEqualTo("{\"result\":{\"a\":[1,2,{\"b\":null}]}}");
  }
}
