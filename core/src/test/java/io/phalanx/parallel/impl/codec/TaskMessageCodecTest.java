package io.phalanx.parallel.impl.codec;

import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.impl.unitfixtures.Greet;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.RawJson;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A task across a cluster: its bytes are checked token by token on the receiving supervisor's loop, never built. */
class TaskMessageCodecTest {

  private static final int LIMIT = 64 * 1024;

  private final TaskMessageCodec codec = new TaskMessageCodec(Codecs.MAPPER);
  private final TaskEncoder encoder = new TaskEncoder(new FrameCodec(Codecs.MAPPER, LIMIT), "cluster.test",
    getClass().getClassLoader());

  private static EncodedTask fromWire(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return (EncodedTask) new TaskMessageCodec(Codecs.MAPPER).decodeFromWire(0,
      Buffer.buffer().appendInt(bytes.length).appendBytes(bytes));
  }

  private static EncodedTask withArgs(String args) {
    return fromWire("{\"task\":\"" + Greet.class.getName() + "\",\"args\":" + args + "}");
  }

  private String refusal(EncodedTask task) {
    Throwable thrown = catchThrowable(() -> encoder.check(task));
    assertThat(thrown).isInstanceOf(InvalidTaskException.class);
    assertThat(((InvalidTaskException) thrown).failureCode()).isEqualTo(FailureCodes.INVALID_TASK);
    return thrown.getMessage();
  }

  @Test
  void aTaskCrossesAsItsClassAndTheBytesOfItsArguments() throws Exception {
    Buffer wire = Buffer.buffer("head");
    codec.encodeToWire(wire, new Greet("ada", 3));

    EncodedTask task = (EncodedTask) codec.decodeFromWire(4, wire);

    assertThat(task.className()).isEqualTo(Greet.class.getName());
    assertThat(task.args()).isInstanceOf(RawJson.class);
    assertThat(task.args().toString()).isEqualTo("{\"name\":\"ada\",\"times\":3}");
    assertThat(encoder.encode(encoder.check(task), 4)).isEqualTo(encoder.encode(encoder.check(new Greet("ada", 3)), 4));
  }

  @Test
  void aMessageThatIsNotOneTaskObjectIsRefusedAsUndecodable() {
    Supplier<Buffer> lying = () -> Buffer.buffer().appendInt(50).appendString("{}");

    assertThat(catchThrowable(() -> codec.decodeFromWire(0, lying.get()))).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("holds 50 bytes, 2 follow");
    assertThat(catchThrowable(() -> fromWire("[1]"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> fromWire("{\"task\":\"a.B\"} {}"))).isInstanceOf(IllegalArgumentException.class);
    assertThat(catchThrowable(() -> fromWire("{\"task\":\"a.B\",\"args\":{\"x\":}}"))).isNotNull();
  }

  @Test
  void argumentsWithinTheBoundsPass() throws Exception {
    EncodedTask task = withArgs("{\"name\":\"" + "x".repeat(1000) + "\",\"times\":12345678901234567890,"
      + "\"extra\":[[1,2.5e300,true,null,{\"k\":\"v\"}]]}");

    assertThat(encoder.check(task).className()).isEqualTo(Greet.class.getName());
  }

  @Test
  void argumentsBeyondEachBoundAreRefusedNamingTheBoundAndWhere() {
    String deep = "{\"a\":".repeat(600) + "1" + "}".repeat(600);

    assertThat(refusal(withArgs(deep))).contains("nested deeper than 500 levels");
    assertThat(refusal(withArgs("{\"p\":[{\"n\":" + "9".repeat(1_001) + "}]}"))).contains("args.p[].n")
      .contains("more than 1000 digits");
    assertThat(refusal(withArgs("{\"" + "k".repeat(50_001) + "\":1}"))).contains("a field name at args")
      .contains("longer than 50000");
    assertThat(refusal(withArgs("{\"name\":\"" + "x".repeat(LIMIT) + "\"}"))).contains("frame size limit of " + LIMIT);
  }

  @Test
  void argumentsThatAreNotOneObjectAreRefused() {
    JsonLimits limits = new JsonLimits(LIMIT);
    byte[] two = "{} {}".getBytes(StandardCharsets.UTF_8);
    byte[] array = "[1]".getBytes(StandardCharsets.UTF_8);
    byte[] broken = "{\"a\":tru}".getBytes(StandardCharsets.UTF_8);

    assertThat(limits.problem(new RawJson(two, 0, two.length))).contains("more than one JSON value");
    assertThat(limits.problem(new RawJson(array, 0, array.length))).contains("must be a JSON object");
    assertThat(limits.problem(new RawJson(broken, 0, broken.length))).contains("not valid JSON");
  }

  @Test
  void aStringPastJacksonsLimitIsRefusedNamingIt() {
    TaskEncoder large = new TaskEncoder(new FrameCodec(Codecs.MAPPER, 64 * 1024 * 1024), "cluster.test",
      getClass().getClassLoader());

    Throwable thrown = catchThrowable(() -> large.check(withArgs("{\"s\":{\"t\":\"" + "x".repeat(20_000_001)
      + "\"}}")));

    assertThat(thrown).isInstanceOf(InvalidTaskException.class).hasMessageContaining("a string at args.s.t")
      .hasMessageContaining("longer than 20000000");
  }
}
