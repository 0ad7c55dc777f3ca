package io.phalanx.parallel.protocol;

import java.util.Map;

/**
 * Parent to child: run a task.
 *
 * @param id        correlates the {@link TaskResponseFrame}
 * @param taskClass the name of a class implementing {@code io.phalanx.parallel.task.Task}
 * @param args      the task's fields: when writing, the task object itself (or any value Jackson writes as a JSON
 *                  object, or the {@link RawJson} of one from {@link FrameCodec#encodeValue}); when read, a Jackson {@code JsonNode} ({@link RawJson} from
 *                  {@link FrameCodec#decodeWithRawArgs})
 * @param trace     the trace context of the task's span, as propagation headers (W3C {@code traceparent} and
 *                  {@code tracestate}, or whatever the parent's tracer writes); {@code null} when the task is not
 *                  traced, and then the frame has no {@code trace} field at all
 */
public record TaskFrame(long id, String taskClass, Object args, Map<String, String> trace) implements Frame {

  public static final String TYPE = "task";

  public TaskFrame {
    trace = trace == null || trace.isEmpty() ? null : Map.copyOf(trace);
  }

  /** A task without trace context. */
  public TaskFrame(long id, String taskClass, Object args) {
    this(id, taskClass, args, null);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
