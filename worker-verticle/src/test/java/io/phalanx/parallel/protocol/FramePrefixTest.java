package io.phalanx.parallel.protocol;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FramePrefixTest {

  private final FrameCodec codec = new FrameCodec(ProtocolMapper.create(FrameCodec.DEFAULT_MAX_FRAME_BYTES));

  private static FramePrefix of(String line) {
    return FramePrefix.of(line.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyFrameTheCodecWritesHasItsTypeAndIdRead() throws IOException {
    List<Frame> frames = List.of(
      new TaskFrame(7, "com.example.Resize", Map.of("width", 800), null),
      TaskResponseFrame.success(123456789012345678L, "ok", 42),
      new ProgressFrame(3, 50),
      new CancelFrame(9),
      new StackRequestFrame(11),
      HeartbeatFrame.INSTANCE,
      ShutdownFrame.INSTANCE);
    for (Frame frame : frames) {
      FramePrefix prefix = FramePrefix.of(codec.encode(frame));

      assertThat(prefix).as(frame.toString()).isNotNull();
      assertThat(prefix.type()).isEqualTo(frame.type());
    }
    assertThat(FramePrefix.of(codec.encode(TaskResponseFrame.success(123456789012345678L, "ok", 42))).id())
      .isEqualTo(123456789012345678L);
    assertThat(FramePrefix.of(codec.encode(new TaskFrame(0, "com.example.T", Map.of(), null))).id()).isZero();
    assertThat(FramePrefix.of(codec.encode(HeartbeatFrame.INSTANCE)).id()).isEqualTo(-1);
  }

  @Test
  void aKnownTypeIsReadAsTheProtocolsOwnString() {
    assertThat(of("{\"type\":\"task_response\",\"id\":1,\"ok\":true}").type()).isSameAs(TaskResponseFrame.TYPE);
    assertThat(of("{\"type\":\"task\",\"id\":1}").type()).isSameAs(TaskFrame.TYPE);
  }

  @Test
  void anUnknownTypeIsReadAsItIs() {
    FramePrefix prefix = of("{\"type\":\"tasks\",\"id\":5}");

    assertThat(prefix.type()).isEqualTo("tasks");
    assertThat(prefix.id()).isEqualTo(5);
    assertThat(of("{\"type\":\"tas\",\"id\":5}").type()).isEqualTo("tas");
    assertThat(of("{\"type\":\"\",\"id\":5}").type()).isEmpty();
  }

  @Test
  void anIdOfMoreThanEighteenDigitsOrNoneIsNoId() {
    assertThat(of("{\"type\":\"task\",\"id\":999999999999999999}").id()).isEqualTo(999_999_999_999_999_999L);
    assertThat(of("{\"type\":\"task\",\"id\":9999999999999999999}").id()).isEqualTo(-1);
    assertThat(of("{\"type\":\"task\",\"id\":-3}").id()).isEqualTo(-1);
    assertThat(of("{\"type\":\"task\",\"id\":\"3\"}").id()).isEqualTo(-1);
    assertThat(of("{\"type\":\"task\",\"id\":").id()).isEqualTo(-1);
  }

  @Test
  void aServiceCallsAddressIsRead() {
    FramePrefix prefix = of("{\"type\":\"service_call\",\"id\":4,\"address\":\"greeting\",\"method\":\"hello\"}");

    assertThat(prefix).isEqualTo(new FramePrefix(ServiceCallFrame.TYPE, 4, "greeting"));
    assertThat(of("{\"type\":\"task\",\"id\":4,\"address\":\"greeting\"}").address()).isNull();
  }

  @Test
  void aLineThatDoesNotStartAsTheEncoderWritesHasNoPrefix() {
    assertThat(of("{ \"type\":\"task\",\"id\":1}")).isNull();
    assertThat(of("{\"type\":\"ta\\u0073k\",\"id\":1}")).isNull();
    assertThat(of("{\"type\":\"task")).isNull();
    assertThat(of("hello")).isNull();
    assertThat(of("")).isNull();
  }
}
