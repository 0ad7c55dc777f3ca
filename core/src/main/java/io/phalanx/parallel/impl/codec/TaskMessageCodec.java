package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.parallel.protocol.RawJson;
import io.phalanx.parallel.task.Task;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

import java.io.ByteArrayOutputStream;
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
    try (ByteArrayOutputStream out = new ByteArrayOutputStream();
         JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField("task", task.getClass().getName());
      gen.writeFieldName("args");
      mapper.writeValue(gen, task);
      gen.writeEndObject();
      gen.flush();
      WireBytes.write(buffer, out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads the class name and finds the arguments' bytes, token by token: nothing of the arguments is built here, on
   * the receiving supervisor's event loop ({@link TaskEncoder} then checks their bounds the same way).
   */
  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    byte[] bytes = WireBytes.read(buffer, pos, "task");
    try (JsonParser parser = JsonLimits.TOKENS.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a task message is a JSON object {\"task\": ..., \"args\": {...}}");
      }
      String className = "";
      RawJson args = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("task".equals(field) && value == JsonToken.VALUE_STRING) {
          className = parser.getText();
        } else if ("args".equals(field) && value == JsonToken.START_OBJECT) {
          int start = (int) parser.currentTokenLocation().getByteOffset();
          parser.skipChildren();
          args = new RawJson(bytes, start, (int) parser.currentLocation().getByteOffset() - start);
        } else {
          parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("a task message holds more than one JSON value");
      }
      return new EncodedTask(className, args);
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
