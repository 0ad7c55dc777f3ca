package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's heartbeat: a frame every interval from a thread of its own, flushed at once (the writer holds other
 * frames back briefly; a beat never waits), until the channel is gone.
 */
class HeartbeatTest {

  private final FrameCodec codec = new FrameCodec(ProtocolMapper.create());

  /** The channel to the parent: it breaks when closed, as a socket whose parent is gone. */
  private static final class Channel extends OutputStream {
    final LineCapture lines = new LineCapture();
    volatile boolean closed;

    @Override
    public void write(int b) throws IOException {
      if (closed) {
        throw new IOException("the parent is gone");
      }
      lines.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("the parent is gone");
      }
      lines.write(b, off, len);
    }
  }

  @Test
  void beatsEveryIntervalAndEachBeatIsFlushed() throws Exception {
    Channel channel = new Channel();
    // nothing reaches the channel unless it is flushed
    FrameWriter writer = new FrameWriter(codec, new BufferedOutputStream(channel, 64 * 1024));

    Heartbeat.start(writer, 20);

    try {
      for (int i = 0; i < 3; i++) {
        assertThat(channel.lines.nextLine(Duration.ofSeconds(10))).isEqualTo("{\"type\":\"heartbeat\"}");
      }
    } finally {
      // the beating thread ends at its next beat
      channel.closed = true;
    }
  }
}
