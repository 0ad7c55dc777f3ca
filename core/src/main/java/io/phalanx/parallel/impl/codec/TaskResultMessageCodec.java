package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Carries a {@link TaskResult}: as is inside one JVM, as JSON bytes across a cluster.
 */
public final class TaskResultMessageCodec implements MessageCodec<TaskResult, TaskResult> {

  public static final String NAME = "phalanx.result";

  private final ObjectMapper mapper;

  public TaskResultMessageCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public void encodeToWire(Buffer buffer, TaskResult result) {
    try {
      byte[] bytes = mapper.writeValueAsBytes(result.json());
      buffer.appendInt(bytes.length).appendBytes(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TaskResult decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    try {
      return new TaskResult(mapper.readTree(buffer.getBytes(pos + 4, pos + 4 + length)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public TaskResult transform(TaskResult result) {
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
