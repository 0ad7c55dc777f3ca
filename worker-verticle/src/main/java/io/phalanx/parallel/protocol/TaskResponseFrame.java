package io.phalanx.parallel.protocol;

/**
 * Child to parent: the outcome of one task.
 *
 * @param id       the id of the {@link TaskFrame}
 * @param ok       whether the task returned normally
 * @param result   when ok: the result; when writing, the result object; when read, a Jackson {@code JsonNode}
 *                 ({@code NullNode} for {@code null}), or {@link RawJson} from {@link FrameCodec#decodeWithRawValues}
 * @param error    when not ok: what the task threw
 * @param heapUsed the child's used heap in bytes after the task, or -1 when unknown
 */
public record TaskResponseFrame(long id, boolean ok, Object result, RemoteError error, long heapUsed) implements Frame {

  public static final String TYPE = "task_response";

  public static TaskResponseFrame success(long id, Object result, long heapUsed) {
    return new TaskResponseFrame(id, true, result, null, heapUsed);
  }

  public static TaskResponseFrame failure(long id, RemoteError error, long heapUsed) {
    return new TaskResponseFrame(id, false, null, error, heapUsed);
  }

  @Override
  public String type() {
    return TYPE;
  }
}
