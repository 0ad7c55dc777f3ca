package io.phalanx.parallel.protocol;

/**
 * Parent to child: where is the thread of this task now? The parent asks before it kills a worker for a task timeout
 * or for being unresponsive; the child's frame reader answers with a {@link TaskStackFrame}, never the task's own
 * thread.
 *
 * @param id the id of the {@link TaskFrame}
 */
public record StackRequestFrame(long id) implements Frame {

  public static final String TYPE = "stack_request";

  @Override
  public String type() {
    return TYPE;
  }
}
