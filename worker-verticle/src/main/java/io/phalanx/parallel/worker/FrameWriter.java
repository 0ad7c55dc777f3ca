package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames to the process's original stdout, one whole line at a time, from any thread.
 */
final class FrameWriter {

  private final FrameCodec codec;
  private final OutputStream out;

  FrameWriter(FrameCodec codec, OutputStream out) {
    this.codec = codec;
    this.out = out;
  }

  /**
   * @throws IOException when the frame cannot be encoded (nothing is written then) or stdout is gone
   */
  void write(Frame frame) throws IOException {
    writeEncoded(codec.encode(frame));
  }

  /**
   * @param bytes a whole frame as {@link FrameCodec#encode} made it
   */
  synchronized void writeEncoded(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  synchronized void flush() {
    try {
      out.flush();
    } catch (IOException ignored) {
      // the parent is gone; the process is about to exit anyway
    }
  }
}
