package io.phalanx.parallel.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.phalanx.parallel.tasktypes.ProcessBoundaryModule;

/**
 * The one Jackson configuration both sides of the pipe use for tasks, results and progress updates.
 * <p>
 * Default typing stays off: a class name inside a task's arguments never chooses what gets built. Only the frame's
 * {@code class} field names a class, and only a class implementing {@code Task} is ever instantiated from it.
 * <p>
 * Reading is bounded before it starts ({@link #limits}): a string may be as long as a frame (so that a value within
 * the frame size limit always decodes), a number at most {@value #MAX_NUMBER_LENGTH} characters, and values nest at
 * most {@value #MAX_NESTING_DEPTH} levels, reading and writing alike (a worker never writes what its parent would
 * refuse to read).
 */
public final class ProtocolMapper {

  /** The longest number, in characters, either side reads. */
  public static final int MAX_NUMBER_LENGTH = 1000;
  /** The deepest nesting of arrays and objects either side reads or writes. */
  public static final int MAX_NESTING_DEPTH = 1000;

  private ProtocolMapper() {
  }

  /** A mapper for frames of at most {@link FrameCodec#DEFAULT_MAX_FRAME_BYTES}. */
  public static ObjectMapper create() {
    return create(FrameCodec.DEFAULT_MAX_FRAME_BYTES);
  }

  /** A mapper whose limits follow a frame size limit of {@code maxFrameBytes}. */
  public static ObjectMapper create(int maxFrameBytes) {
    return create(maxFrameBytes, new LazyJavaTimeModule());
  }

  /** The same, with {@code javaTime} as the module for {@code java.time} types (a test compares the two). */
  static ObjectMapper create(int maxFrameBytes, com.fasterxml.jackson.databind.Module javaTime) {
    JsonFactory factory = JsonFactory.builder()
      .streamReadConstraints(readConstraints(maxFrameBytes))
      .streamWriteConstraints(writeConstraints())
      .build();
    return JsonMapper.builder(factory)
      .addModule(new Jdk8Module())
      .addModule(javaTime)
      .addModule(new ProcessBoundaryModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      // a line-based protocol: never let a value's serializer flush or close the frame's stream
      .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
      .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();
  }

  /**
   * A copy of {@code mapper} (its modules and features) with the limits of a frame size limit of
   * {@code maxFrameBytes}.
   */
  public static ObjectMapper limits(ObjectMapper mapper, int maxFrameBytes) {
    ObjectMapper copy = mapper.copy();
    copy.getFactory().setStreamReadConstraints(readConstraints(maxFrameBytes));
    copy.getFactory().setStreamWriteConstraints(writeConstraints());
    return copy;
  }

  private static StreamReadConstraints readConstraints(int maxFrameBytes) {
    return StreamReadConstraints.builder()
      // a string cannot be longer than the frame that holds it, and the frame's length is checked first
      .maxStringLength(Math.max(maxFrameBytes, StreamReadConstraints.DEFAULT_MAX_STRING_LEN))
      .maxNameLength(Math.max(maxFrameBytes, StreamReadConstraints.DEFAULT_MAX_NAME_LEN))
      .maxDocumentLength(Math.max(maxFrameBytes + 1L, StreamReadConstraints.DEFAULT_MAX_DOC_LEN))
      .maxNumberLength(MAX_NUMBER_LENGTH)
      .maxNestingDepth(MAX_NESTING_DEPTH)
      .build();
  }

  private static StreamWriteConstraints writeConstraints() {
    return StreamWriteConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build();
  }
}
