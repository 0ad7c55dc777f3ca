package io.phalanx.parallel.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A JSON value left as the bytes it arrived in, for a reader that knows its type: a worker reads a task's arguments
 * straight into the task class instead of through a tree, and the parent hands a task's result on to the caller, who
 * reads it into the result's type; a caller encodes its task's arguments on its own thread
 * ({@link FrameCodec#encodeValue}), and a frame carries them as they are.
 *
 * @param bytes  the array holding it (not copied: valid as long as the frame's line)
 * @param offset where the value starts
 * @param length its length in bytes
 */
public record RawJson(byte[] bytes, int offset, int length) {

  @Override
  public String toString() {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }
}
