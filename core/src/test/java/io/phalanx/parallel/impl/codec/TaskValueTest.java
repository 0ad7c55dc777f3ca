package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.RawJson;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class TaskValueTest {

  record Point(int x, int y) {
  }

  private static final java.lang.reflect.Type POINTS = new TypeReference<List<Point>>() { }.getType();

  private static TaskValue fromFrame(Object result) throws Exception {
    FrameCodec codec = new FrameCodec(Codecs.MAPPER);
    byte[] line = codec.encode(TaskResponseFrame.success(1, result, 10));
    return TaskValue.ofFrame(((TaskResponseFrame) codec.decodeWithRawValues(line, 0, line.length)).result());
  }

  @Test
  void aResultFromAFrameIsReadStraightIntoItsType() throws Exception {
    TaskValue result = fromFrame(List.of(new Point(1, 2), new Point(3, 4)));

    assertThat(result.<List<Point>>read(TaskValue.reader(POINTS))).containsExactly(new Point(1, 2), new Point(3, 4));
    assertThat(result.tree().toString()).isEqualTo("[{\"x\":1,\"y\":2},{\"x\":3,\"y\":4}]");
  }

  @Test
  void theBytesOfALineAreReadInPlace() throws Exception {
    byte[] line = "xx[1,2]yy".getBytes(StandardCharsets.UTF_8);

    TaskValue result = TaskValue.ofFrame(new RawJson(line, 2, 5));

    assertThat(result.<List<Integer>>read(TaskValue.reader(new TypeReference<List<Integer>>() { }.getType())))
      .containsExactly(1, 2);
    assertThat(result.toBytes()).asString(StandardCharsets.UTF_8).isEqualTo("[1,2]");
  }

  @Test
  void asVertxJsonTheBytesGiveWhatTheTreeGives() throws Exception {
    String json = "{\"i\":1,\"l\":12345678901,\"big\":123456789012345678901234567890,\"d\":1.5,\"t\":true,"
      + "\"n\":null,\"s\":\"\u00e9\\u0041\",\"a\":[1,[2],{\"x\":{}}],\"o\":{\"y\":[]}}";
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    Object fromBytes = TaskValue.ofBytes(bytes).toVertx();
    Object fromTree = JsonValues.toVertx(Codecs.MAPPER.readTree(bytes));

    assertThat(fromBytes).isInstanceOf(io.vertx.core.json.JsonObject.class).isEqualTo(fromTree);
    io.vertx.core.json.JsonObject object = (io.vertx.core.json.JsonObject) fromBytes;
    assertThat(object.getValue("big")).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
    assertThat(object.getValue("l")).isEqualTo(12345678901L);
    assertThat(object.getString("s")).isEqualTo("\u00e9A");
    assertThat(object.getJsonArray("a").getJsonObject(2).getJsonObject("x").isEmpty()).isTrue();
    for (String scalar : List.of("[1,\"b\"]", "\"text\"", "7", "2.25", "false", "null")) {
      byte[] value = scalar.getBytes(StandardCharsets.UTF_8);
      assertThat(TaskValue.ofBytes(value).toVertx()).as(scalar)
        .isEqualTo(JsonValues.toVertx(Codecs.MAPPER.readTree(value)));
    }
  }

  @Test
  void asVertxJsonBrokenBytesFailAndDeepOnesAreBounded() {
    String deep = "[".repeat(ProtocolMapper.MAX_NESTING_DEPTH + 1) + "]".repeat(ProtocolMapper.MAX_NESTING_DEPTH + 1);

    assertThatThrownBy(() -> TaskValue.ofBytes("[1,".getBytes(StandardCharsets.UTF_8)).toVertx())
      .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> TaskValue.ofBytes("1 2".getBytes(StandardCharsets.UTF_8)).toVertx())
      .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> TaskValue.ofBytes(deep.getBytes(StandardCharsets.UTF_8)).toVertx())
      .isInstanceOf(UncheckedIOException.class).hasMessageContaining("depth");
  }

  @Test
  void aTreeAndNullAreReadAsBefore() throws Exception {
    TaskValue tree = TaskValue.of(JsonNodeFactory.instance.objectNode().put("x", 5).put("y", 6));

    assertThat(tree.<Point>read(TaskValue.reader(Point.class))).isEqualTo(new Point(5, 6));
    assertThat(fromFrame(null).<Point>read(TaskValue.reader(Point.class))).isNull();
    assertThat(fromFrame(null).tree().isNull()).isTrue();
  }

  @Test
  void bytesWithMoreThanOneValueAreRefused() {
    TaskValue twoValues = TaskValue.ofBytes("[1] [2]".getBytes(StandardCharsets.UTF_8));

    assertThat(catchThrowable(() -> twoValues.read(TaskValue.reader(List.class))))
      .isInstanceOf(MismatchedInputException.class).hasMessageContaining("Trailing token");
    assertThat(catchThrowable(twoValues::tree)).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void bytesNestedPastTheProtocolLimitAreRefused() {
    int depth = ProtocolMapper.MAX_NESTING_DEPTH + 1;
    TaskValue deep = TaskValue.ofBytes(("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8));

    assertThat(catchThrowable(() -> deep.read(TaskValue.reader(List.class))))
      .hasRootCauseInstanceOf(StreamConstraintsException.class);
  }

  @Test
  void aStringLongerThanJacksonsDefaultLimitIsRead() throws Exception {
    // the frame's length bounds a string, as it does where the frame is decoded
    String text = "x".repeat(21_000_000);
    TaskValue result = fromFrame(text);

    assertThat(result.<String>read(TaskValue.reader(String.class))).hasSize(21_000_000);
  }

  @Test
  void onlyALargeResultInBytesIsLarge() throws Exception {
    assertThat(fromFrame("x".repeat(TaskValue.LARGE_BYTES)).isLarge()).isTrue();
    assertThat(fromFrame("x".repeat(100)).isLarge()).isFalse();
    assertThat(TaskValue.of(JsonNodeFactory.instance.textNode("x".repeat(TaskValue.LARGE_BYTES))).isLarge())
      .isFalse();
  }

  @Test
  void aResultMessageWhoseLengthLiesIsRefused() {
    TaskResultMessageCodec codec = new TaskResultMessageCodec();

    assertThat(catchThrowable(() -> codec.decodeFromWire(0, Buffer.buffer().appendInt(100).appendString("[1]"))))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 100 bytes, 3 follow");
    assertThat(catchThrowable(() -> codec.decodeFromWire(0, Buffer.buffer().appendInt(-5))))
      .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acrossAClusterTheBytesTravelAsTheyAre() throws Exception {
    TaskResultMessageCodec codec = new TaskResultMessageCodec();
    Buffer wire = Buffer.buffer("head");

    codec.encodeToWire(wire, fromFrame(Map.of("k", List.of(1, 2))));
    codec.encodeToWire(wire, TaskValue.of(JsonNodeFactory.instance.numberNode(7)));
    TaskValue first = codec.decodeFromWire(4, wire);
    TaskValue second = codec.decodeFromWire(4 + 4 + wire.getInt(4), wire);

    assertThat(first.tree().toString()).isEqualTo("{\"k\":[1,2]}");
    assertThat(second.<Integer>read(TaskValue.reader(Integer.class))).isEqualTo(7);
    JsonNode tree = first.tree();
    assertThat(first.tree()).isSameAs(tree);
  }
}
