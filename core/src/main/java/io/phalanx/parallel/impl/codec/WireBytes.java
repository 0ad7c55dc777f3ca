package io.phalanx.parallel.impl.codec;

import io.vertx.core.buffer.Buffer;

/** The framing the pool's cluster codecs share: a length, then that many bytes of JSON. */
final class WireBytes {

  private WireBytes() {
  }

  static void write(Buffer buffer, byte[] bytes) {
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  /**
   * @param what what the message carries, for the error
   * @throws IllegalArgumentException when the length says more bytes than follow (or less than none)
   */
  static byte[] read(Buffer buffer, int pos, String what) {
    int length = buffer.getInt(pos);
    if (length < 0 || length > buffer.length() - pos - 4) {
      throw new IllegalArgumentException("a " + what + " message says it holds " + length + " bytes, "
        + (buffer.length() - pos - 4) + " follow");
    }
    return buffer.getBytes(pos + 4, pos + 4 + length);
  }
}
