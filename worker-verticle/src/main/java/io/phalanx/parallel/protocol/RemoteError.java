package io.phalanx.parallel.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A throwable as it crosses the process boundary: class name, message, stack trace and cause chain. Depth and
 * stack length are bounded so that a pathological exception cannot produce an unbounded frame.
 *
 * @param className the remote exception's class name
 * @param message   its message, may be {@code null}
 * @param stack     its stack frames, innermost first
 * @param cause     its cause, or {@code null}
 * @param code      a failure code the child assigns ({@link #CODE_INVALID_TASK} when the task could not be read),
 *                  or 0 for an exception thrown by the task
 */
public record RemoteError(String className, String message, List<StackFrame> stack, RemoteError cause, int code) {

  /** The child could not read or instantiate the task: the caller sees an invalid-task failure (400). */
  public static final int CODE_INVALID_TASK = 400;

  /** The task was cancelled before it started: the caller sees a cancelled failure (408). */
  public static final int CODE_CANCELLED = 408;

  /**
   * A value broke a limit of the protocol (the frame size, or a string, number or nesting limit of decoding): the
   * caller sees a payload-too-large failure (413).
   */
  public static final int CODE_TOO_LARGE = 413;

  static final int MAX_CAUSE_DEPTH = 16;
  static final int MAX_STACK_FRAMES = 256;

  public RemoteError {
    stack = stack == null ? List.of() : List.copyOf(stack);
  }

  /**
   * One remote stack frame.
   */
  public record StackFrame(String declaringClass, String method, String file, int line) {

    public static StackFrame of(StackTraceElement e) {
      return new StackFrame(e.getClassName(), e.getMethodName(), e.getFileName(), e.getLineNumber());
    }

    public StackTraceElement toStackTraceElement() {
      return new StackTraceElement(declaringClass, method, file, line);
    }
  }

  public static RemoteError of(Throwable t) {
    return of(t, 0);
  }

  public static RemoteError of(Throwable t, int code) {
    return of(t, code, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
  }

  /**
   * Asks the throwable for each part on its own: a task's exception is the task's code, and one whose
   * {@code getMessage}, {@code getStackTrace} or {@code getCause} throws, or whose stack is {@code null}, must still
   * give its task an answer (it used to kill the thread that ran the task, and the task never got one).
   */
  private static RemoteError of(Throwable t, int code, Set<Throwable> seen, int depth) {
    seen.add(t);
    List<StackFrame> frames = new ArrayList<>();
    try {
      StackTraceElement[] elements = t.getStackTrace();
      for (int i = 0; elements != null && i < elements.length && frames.size() < MAX_STACK_FRAMES; i++) {
        if (elements[i] != null) {
          frames.add(StackFrame.of(elements[i]));
        }
      }
    } catch (Exception | LinkageError | StackOverflowError e) {
      // no stack, then
    }
    Throwable next;
    try {
      next = t.getCause();
    } catch (Exception | LinkageError | StackOverflowError e) {
      next = null;
    }
    RemoteError cause = next == null || seen.contains(next) || depth + 1 >= MAX_CAUSE_DEPTH
      ? null : of(next, 0, seen, depth + 1);
    return new RemoteError(t.getClass().getName(), messageOf(t), frames, cause, code);
  }

  private static String messageOf(Throwable t) {
    try {
      return t.getMessage();
    } catch (Exception | LinkageError | StackOverflowError e) {
      // the class name only: the second exception's own message is the same code's
      return "(its getMessage() threw " + e.getClass().getName() + ")";
    }
  }

  public StackTraceElement[] stackTrace() {
    StackTraceElement[] elements = new StackTraceElement[stack.size()];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = stack.get(i).toStackTraceElement();
    }
    return elements;
  }

  /**
   * @return "class: message", or the class name alone without a message
   */
  public String summary() {
    return message == null ? className : className + ": " + message;
  }
}
