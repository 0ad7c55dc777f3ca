package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.parallel.task.Task;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Carries a {@link Task} on the event bus. Inside one JVM the task object itself is passed (no copy: tasks are
 * immutable data). Across a cluster it travels in the same JSON form as a non-Java request,
 * {@code {"task": "<class>", "args": {...}}}, and arrives as an {@link EncodedTask} that is never instantiated in the
 * receiving parent.
 */
public final class TaskMessageCodec implements MessageCodec<Task<?>, Object> {

  public static final String NAME = "phalanx.task";

  private final ObjectMapper mapper;

  public TaskMessageCodec(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public void encodeToWire(Buffer buffer, Task<?> task) {
    ObjectNode json = mapper.createObjectNode();
    json.put("task", task.getClass().getName());
    json.set("args", mapper.valueToTree(task));
    byte[] bytes;
    try {
      bytes = mapper.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    byte[] bytes = buffer.getBytes(pos + 4, pos + 4 + length);
    try {
      JsonNode json = mapper.readTree(bytes);
      return new EncodedTask(json.path("task").asText(), json.get("args"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Object transform(Task<?> task) {
    return task;
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
