package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.Clock;
import io.phalanx.parallel.impl.channel.WorkerChannel;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.FramePrefix;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.TaskStackFrame;

import java.util.function.Consumer;

/**
 * Learns where a task is in a worker that is about to be killed (a task timeout, or unresponsive), within a short
 * deadline that the kill never waits past. It asks the worker on its channel ({@code stack_request}, answered by the
 * child's frame reader, not the task's thread); a JVM that does not answer within half the deadline gets SIGQUIT, and
 * the task thread's stack is read from the thread dump the JVM prints on its output. A stopped process (SIGSTOP) can
 * tell nothing: the collection ends at once.
 * <p>
 * While it runs the channel is {@link WorkerChannel#tap tapped}: the slot hears none of the process's frames, no task
 * is written to it, and the dump's lines stay out of the crash report. Confined to the supervisor's context.
 */
final class StackCollector implements WorkerChannel.Tap {

  private final WorkerChannel channel;
  private final long taskId;
  private final FrameCodec codec;
  private final Clock clock;
  private final Consumer<StackTraceElement[]> done;
  private final ThreadDumpParser dump = new ThreadDumpParser();
  private long deadlineTimer = -1;
  private long quitTimer = -1;
  private boolean dumping;
  private boolean finished;

  private StackCollector(WorkerChannel channel, long taskId, FrameCodec codec, Clock clock,
                         Consumer<StackTraceElement[]> done) {
    this.channel = channel;
    this.taskId = taskId;
    this.codec = codec;
    this.clock = clock;
    this.done = done;
  }

  /**
   * @param taskId   the task whose thread is wanted; -1 for none (the collection ends at once)
   * @param deadline milliseconds the collection may take; 0 for none
   * @param sigquit  whether the JVM may be sent SIGQUIT (not with {@code -Xrs}, where it would end the JVM)
   * @param done     told the task thread's stack (innermost first), or {@code null} when it could not be learnt; once
   *                 and always, at the latest at the deadline, perhaps before this method returns
   */
  static void collect(WorkerChannel channel, long taskId, FrameCodec codec, Clock clock, long deadline,
                      boolean sigquit, Consumer<StackTraceElement[]> done) {
    if (taskId < 0 || deadline <= 0 || channel.hasExited()) {
      done.accept(null);
      return;
    }
    StackCollector collector = new StackCollector(channel, taskId, codec, clock, done);
    channel.tap(collector);
    collector.deadlineTimer = clock.setTimer(deadline, v -> collector.finish(null));
    if (sigquit) {
      collector.quitTimer = clock.setTimer(Math.max(1, deadline / 2), v -> collector.quit());
    }
    channel.sendStackRequest(taskId);
    channel.process().stopped().onComplete(stopped -> {
      if (stopped.succeeded() && stopped.result()) {
        // nothing arrives from a stopped process until it is continued: no use waiting
        collector.finish(null);
      }
    });
    // a process that dies meanwhile (killed by a stop, say) tells nothing more: its task is answered at once
    channel.process().ended().onComplete(ended -> collector.finish(null));
  }

  /** The channel did not answer in time: the JVM's own thread dump may still come. */
  private void quit() {
    if (!finished) {
      dumping = true;
      channel.process().dumpThreads();
    }
  }

  @Override
  public void frame(byte[] line) {
    FramePrefix prefix = FramePrefix.of(line, 0, line.length);
    if (finished || prefix == null || !TaskStackFrame.TYPE.equals(prefix.type()) || prefix.id() != taskId) {
      return;
    }
    try {
      if (codec.decode(line, 0, line.length) instanceof TaskStackFrame stack) {
        // empty: the task is not running any more (it has just answered)
        finish(stack.frames().isEmpty() ? null : stack.stackTrace());
      }
    } catch (ProtocolException e) {
      // an unreadable answer is no answer: the thread dump or the deadline ends the collection
    }
  }

  @Override
  public boolean line(String stream, String line) {
    if (!dumping || finished || !dump.accept(line)) {
      return false;
    }
    if (dump.done()) {
      finish(dump.stack());
    }
    return true;
  }

  private void finish(StackTraceElement[] stack) {
    if (finished) {
      return;
    }
    finished = true;
    clock.cancelTimer(deadlineTimer);
    clock.cancelTimer(quitTimer);
    channel.untap();
    done.accept(stack);
  }

  /**
   * @return for a message: "; it was at com.example.Stuck.here(Stuck.java:12)", naming the innermost frame of the
   * application (not of the JDK), or "" without a stack
   */
  static String where(StackTraceElement[] stack) {
    if (stack == null || stack.length == 0) {
      return "";
    }
    StackTraceElement at = stack[0];
    for (StackTraceElement frame : stack) {
      String name = frame.getClassName();
      if (!name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jdk.")
        && !name.startsWith("sun.")) {
        at = frame;
        break;
      }
    }
    return "; it was at " + at;
  }
}
