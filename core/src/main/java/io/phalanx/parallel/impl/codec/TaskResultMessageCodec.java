package io.phalanx.parallel.impl.codec;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Carries a {@link TaskValue}: as is inside one JVM, as JSON bytes across a cluster, read (and checked) only by the
 * client that knows the result's type.
 */
public final class TaskResultMessageCodec implements MessageCodec<TaskValue, TaskValue> {

  public static final String NAME = "phalanx.result";

  @Override
  public void encodeToWire(Buffer buffer, TaskValue result) {
    try {
      byte[] bytes = result.toBytes();
      buffer.appendInt(bytes.length).appendBytes(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TaskValue decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    if (length < 0 || length > buffer.length() - pos - 4) {
      throw new IllegalArgumentException("a result message says it holds " + length + " bytes, " + (buffer.length()
        - pos - 4) + " follow");
    }
    // checked where it is read, on the caller's context
    return TaskValue.ofBytes(buffer.getBytes(pos + 4, pos + 4 + length));
  }

  @Override
  public TaskValue transform(TaskValue result) {
    return result;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
