package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration both sides of the pipe use for tasks, results and progress updates.
 * <p>
 * Default typing stays off: a class name inside a task's arguments never chooses what gets built. Only the frame's
 * {@code class} field names a class, and only a class implementing {@code Task} is ever instantiated from it.
 */
public final class ProtocolMapper {

  private ProtocolMapper() {
  }

  public static ObjectMapper create() {
    return JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .addModule(new ProcessBoundaryModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      // a line-based protocol: never let a value's serializer flush or close the frame's stream
      .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
      .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  }
}
