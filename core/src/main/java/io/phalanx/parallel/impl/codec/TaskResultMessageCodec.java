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
      WireBytes.write(buffer, result.toBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TaskValue decodeFromWire(int pos, Buffer buffer) {
    // checked where it is read, on the caller's context
    return TaskValue.ofBytes(WireBytes.read(buffer, pos, "result"));
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
