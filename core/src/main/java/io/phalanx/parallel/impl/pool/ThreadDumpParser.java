package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.protocol.TaskStackFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the stack of a worker's task thread in the thread dump a HotSpot JVM prints on SIGQUIT, read a line at a
 * time from the worker's output: the thread whose stack holds the worker runtime's {@code TaskRunner.run}, cut where
 * the task's own frames end. The dump looks like
 * <pre>
 * Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode, sharing):
 *
 * "phalanx-task-runner" #14 prio=5 os_prio=0 cpu=2.51ms elapsed=3.02s tid=0x.. nid=0x.. waiting on condition
 *    java.lang.Thread.State: TIMED_WAITING (sleeping)
 * 	at java.lang.Thread.sleep(java.base@17.0.15/Native Method)
 * 	at com.example.Stuck.here(Stuck.java:12)
 * 	at io.phalanx.parallel.worker.TaskRunner.run(TaskRunner.java:190)
 * 	...
 *
 * JNI global refs: 9, weak refs: 0
 * </pre>
 */
final class ThreadDumpParser {

  private static final String DUMP_START = "Full thread dump";
  private static final String DUMP_END = "JNI global refs";

  private boolean inDump;
  private boolean ended;
  private List<StackTraceElement> thread = new ArrayList<>();
  private boolean taskThread;
  private StackTraceElement[] found;

  /**
   * @return whether the line belongs to a thread dump (lines around it are the worker's own output)
   */
  boolean accept(String line) {
    if (!inDump) {
      if (!line.startsWith(DUMP_START)) {
        return false;
      }
      inDump = true;
      return true;
    }
    if (ended || found != null) {
      return false;
    }
    String text = line.strip();
    if (text.startsWith(DUMP_END)) {
      threadEnded();
      ended = true;
    } else if (text.isEmpty() || text.startsWith("\"")) {
      threadEnded();
    } else if (text.startsWith("at ")) {
      StackTraceElement frame = frame(text.substring(3));
      if (frame != null) {
        if (TaskStackFrame.TASK_RUNNER_CLASS.equals(frame.getClassName()) && "run".equals(frame.getMethodName())) {
          taskThread = true;
        }
        thread.add(frame);
      }
    }
    return true;
  }

  /** Whether the dump has been read to its end, or as far as the task thread. */
  boolean done() {
    return ended || found != null;
  }

  /** The task thread's stack, innermost first and cut below the task; {@code null} when none was found. */
  StackTraceElement[] stack() {
    return found;
  }

  private void threadEnded() {
    if (taskThread && found == null) {
      List<StackTraceElement> frames = new ArrayList<>();
      for (StackTraceElement frame : thread) {
        if (TaskStackFrame.TASK_RUNNER_CLASS.equals(frame.getClassName())) {
          break;
        }
        frames.add(frame);
      }
      found = frames.toArray(new StackTraceElement[0]);
    }
    thread = new ArrayList<>();
    taskThread = false;
  }

  /**
   * {@code com.example.Stuck.here(Stuck.java:12)}, {@code java.lang.Thread.sleep(java.base@17/Native Method)},
   * {@code X.y(Unknown Source)}, {@code X.y(X.java)}; {@code null} for anything else.
   */
  static StackTraceElement frame(String text) {
    int open = text.indexOf('(');
    int close = text.lastIndexOf(')');
    if (open < 0 || close < open) {
      return null;
    }
    String qualified = text.substring(0, open);
    int dot = qualified.lastIndexOf('.');
    if (dot <= 0 || dot == qualified.length() - 1) {
      return null;
    }
    String source = text.substring(open + 1, close);
    // a named module's frames say which: "java.base@17.0.15/Native Method"
    source = source.substring(source.lastIndexOf('/') + 1);
    String file = null;
    int line = -1;
    if (source.equals("Native Method")) {
      line = -2;
    } else if (!source.equals("Unknown Source")) {
      int colon = source.lastIndexOf(':');
      file = colon < 0 ? source : source.substring(0, colon);
      if (colon >= 0) {
        try {
          line = Integer.parseInt(source.substring(colon + 1));
        } catch (NumberFormatException e) {
          line = -1;
        }
      }
    }
    return new StackTraceElement(qualified.substring(0, dot), qualified.substring(dot + 1), file, line);
  }
}
