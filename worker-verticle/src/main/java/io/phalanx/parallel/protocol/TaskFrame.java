package io.phalanx.parallel.protocol;

/**
 * Parent to child: run a task.
 *
 * @param id        correlates the {@link TaskResponseFrame}
 * @param taskClass the name of a class implementing {@code io.phalanx.parallel.Task}
 * @param args      the task's fields: when writing, the task object itself (or any value Jackson writes as a JSON
 *                  object); when read, a Jackson {@code JsonNode} ({@link RawJson} from
 *                  {@link FrameCodec#decodeWithRawArgs})
 */
public record TaskFrame(long id, String taskClass, Object args) implements Frame {

  public static final String TYPE = "task";

  @Override
  public String type() {
    return TYPE;
  }
}
