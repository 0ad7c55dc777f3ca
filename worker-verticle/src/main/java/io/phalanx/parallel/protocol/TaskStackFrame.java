package io.phalanx.parallel.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Child to parent: the answer to a {@link StackRequestFrame}, the stack of the thread running that task, innermost
 * frame first, cut below the task's own {@code run} (the worker runtime's frames say nothing about the task). Empty
 * when the task is not running (it has answered, or waits behind another). At most 256 frames.
 *
 * @param id     the id of the {@link TaskFrame}
 * @param frames the stack
 */
public record TaskStackFrame(long id, List<RemoteError.StackFrame> frames) implements Frame {

  public static final String TYPE = "stack";

  /** The worker runtime's class that calls a task's {@code run}: a task's stack is cut where it starts. */
  public static final String TASK_RUNNER_CLASS = "io.phalanx.parallel.worker.TaskRunner";

  public TaskStackFrame {
    frames = frames == null ? List.of() : List.copyOf(frames);
  }

  /**
   * @param stack the stack of a task's thread, innermost first
   * @return its frames down to the task's own {@code run}, those of the worker runtime below it cut; at most 256
   */
  public static List<RemoteError.StackFrame> ofTaskThread(StackTraceElement[] stack) {
    List<RemoteError.StackFrame> frames = new ArrayList<>();
    for (StackTraceElement element : stack) {
      if (TASK_RUNNER_CLASS.equals(element.getClassName()) || frames.size() == RemoteError.MAX_STACK_FRAMES) {
        break;
      }
      frames.add(RemoteError.StackFrame.of(element));
    }
    return frames;
  }

  /** The stack as the JDK's elements, innermost first. */
  public StackTraceElement[] stackTrace() {
    StackTraceElement[] elements = new StackTraceElement[frames.size()];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = frames.get(i).toStackTraceElement();
    }
    return elements;
  }

  @Override
  public String type() {
    return TYPE;
  }
}
