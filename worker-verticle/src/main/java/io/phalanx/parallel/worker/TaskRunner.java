package io.phalanx.parallel.worker;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.FrameTooLargeException;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.phalanx.parallel.task.Task;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Runs tasks one at a time, never on an event loop, and writes each outcome as a {@code task_response} frame.
 * <p>
 * A task runs on the thread that read its frame ({@link #claim}), while the other frame reader of
 * {@link WorkerRuntime} goes on reading: the task does not wait for a hand-over to another thread. Tasks that arrive
 * while one runs wait here, in order, and run on the same thread after it.
 * <p>
 * A task that throws, including {@link StackOverflowError}, is an ordinary task failure. Any other
 * {@link VirtualMachineError} (out of memory, internal error) leaves the JVM in a state no later task should run in:
 * the worker exits with {@link WorkerMain#EXIT_FATAL_ERROR} and the parent treats it as a crash.
 */
final class TaskRunner {

  private static final Object SHUTDOWN = new Object();

  /** The arguments of a task frame that could not be read: the task fails with this error in its turn. */
  record Refused(RemoteError error) {
  }

  private final String workerId;
  private final Supplier<Vertx> vertx;
  private final FrameCodec codec;
  private final FrameWriter writer;
  private final TaskInstantiator instantiator;
  private final WorkerMain.Exit exit;
  private final ServiceDirectory services;
  /** Guards {@link #waiting}, {@link #busy}, {@link #claimedNotStarted} and {@link #claimedCancelled}. */
  private final Object lock = new Object();
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();
  /** Whether a thread is running tasks; {@link #waiting} is only ever non-empty while one is. */
  private boolean busy;
  /** The task a reader claimed and has not started yet (it first takes the frames read in with it), or null. */
  private TaskFrame claimedNotStarted;
  /** Whether that task was cancelled before it started. */
  private boolean claimedCancelled;
  /** Guards {@link #running} and {@link #runningThread}: a cancel must interrupt the task it names, never another. */
  private final Object runningLock = new Object();
  private WorkerTaskScope running;
  private Thread runningThread;

  TaskRunner(String workerId, Supplier<Vertx> vertx, FrameCodec codec, FrameWriter writer,
             TaskInstantiator instantiator, WorkerMain.Exit exit, ServiceDirectory services) {
    this.services = services;
    this.workerId = workerId;
    this.vertx = vertx;
    this.codec = codec;
    this.writer = writer;
    this.instantiator = instantiator;
    this.exit = exit;
  }

  /**
   * Offers a task read by the calling thread.
   *
   * @return {@code true} when no task is running: the caller runs it now with {@link #runClaimed}; {@code false} when
   * it waits behind the running one
   */
  boolean claim(TaskFrame frame) {
    synchronized (lock) {
      if (busy) {
        waiting.add(frame);
        return false;
      }
      busy = true;
      claimedNotStarted = frame;
      claimedCancelled = false;
      return true;
    }
  }

  /** Runs a claimed task, then every task that arrived meanwhile. */
  void runClaimed(TaskFrame first) {
    boolean firstCancelled;
    synchronized (lock) {
      firstCancelled = claimedCancelled;
      claimedNotStarted = null;
      claimedCancelled = false;
    }
    TaskFrame next = first;
    while (next != null) {
      if (firstCancelled) {
        firstCancelled = false;
        answerCancelledBeforeStart(next);
      } else {
        run(next);
      }
      Object after;
      synchronized (lock) {
        after = waiting.poll();
        if (after == null) {
          busy = false;
          return;
        }
      }
      if (after == SHUTDOWN) {
        writer.flush();
        exit.exit(0);
        return;
      }
      next = (TaskFrame) after;
    }
  }

  /**
   * Cancels a task: one still waiting is dropped and answered as cancelled; a running one sees
   * {@code isCancelled()} turn true and its thread is interrupted, so a sleeping or waiting task wakes up.
   */
  void cancel(long taskId) {
    TaskFrame dropped = null;
    synchronized (lock) {
      for (Object task : waiting) {
        if (task instanceof TaskFrame frame && frame.id() == taskId) {
          dropped = frame;
          break;
        }
      }
      if (dropped != null) {
        waiting.remove(dropped);
      } else if (claimedNotStarted != null && claimedNotStarted.id() == taskId) {
        // its reader took the frames that came with it before starting it: runClaimed answers it
        claimedCancelled = true;
        return;
      }
    }
    if (dropped != null) {
      answerCancelledBeforeStart(dropped);
      return;
    }
    synchronized (runningLock) {
      if (running != null && running.taskId() == taskId) {
        running.cancel();
        writer.interruptBetweenWrites(runningThread);
      }
    }
  }

  private void answerCancelledBeforeStart(TaskFrame frame) {
    send(frame, TaskResponseFrame.failure(frame.id(), new RemoteError("java.util.concurrent.CancellationException",
      "task " + frame.id() + " was cancelled before it started", java.util.List.of(), null,
      RemoteError.CODE_CANCELLED), usedHeap()), false);
  }

  /**
   * Where the thread of a running task is now; asked by the frame reader, never the task's thread itself.
   *
   * @return its stack, innermost first and cut below the task's {@code run}; empty when that task is not running
   */
  java.util.List<RemoteError.StackFrame> stackOf(long taskId) {
    Thread thread;
    synchronized (runningLock) {
      thread = running != null && running.taskId() == taskId ? runningThread : null;
    }
    if (thread == null) {
      return java.util.List.of();
    }
    StackTraceElement[] stack = thread.getStackTrace();
    synchronized (runningLock) {
      // the task may have ended meanwhile, and the thread moved on to the next one: that stack is not this task's
      if (running == null || running.taskId() != taskId) {
        return java.util.List.of();
      }
    }
    return io.phalanx.parallel.protocol.TaskStackFrame.ofTaskThread(stack);
  }

  /** Exits once the tasks already submitted have finished. */
  void shutdownAfterCurrent() {
    synchronized (lock) {
      if (busy) {
        waiting.add(SHUTDOWN);
        return;
      }
    }
    writer.flush();
    exit.exit(0);
  }

  private boolean nextIsTask() {
    synchronized (lock) {
      return waiting.peek() instanceof TaskFrame;
    }
  }

  private void run(TaskFrame frame) {
    WorkerTaskScope scope = new WorkerTaskScope(frame.id(), workerId, vertx, writer, services, frame.trace());
    Thread thread = Thread.currentThread();
    TaskThreadState threadState = TaskThreadState.of(thread);
    synchronized (runningLock) {
      running = scope;
      runningThread = thread;
    }
    TaskResponseFrame response;
    long started = System.nanoTime();
    try {
      if (frame.args() instanceof Refused refused) {
        throw new RefusedTaskException(refused.error());
      }
      Task<?> task = instantiator.instantiate(frame.taskClass(), frame.args());
      Object result = task.run(scope);
      response = TaskResponseFrame.success(frame.id(), result, usedHeap());
    } catch (RefusedTaskException e) {
      response = TaskResponseFrame.failure(frame.id(), e.error, usedHeap());
    } catch (TaskInstantiator.InvalidTaskFrameException e) {
      response = TaskResponseFrame.failure(frame.id(), RemoteError.of(e, RemoteError.CODE_INVALID_TASK), usedHeap());
    } catch (VirtualMachineError e) {
      if (!(e instanceof StackOverflowError)) {
        fatal(e);
      }
      response = TaskResponseFrame.failure(frame.id(), RemoteError.of(e), usedHeap());
    } catch (Throwable t) {
      response = TaskResponseFrame.failure(frame.id(), RemoteError.of(t), usedHeap());
    }
    synchronized (runningLock) {
      running = null;
      runningThread = null;
      // an interrupt meant for this task must not reach the next one, nor anything it changed of its thread
      Thread.interrupted();
      threadState.restore(thread);
    }
    // while the next task is already here, a quick task's response may wait a moment to travel with the next ones
    send(frame, response, writer.worthHolding(System.nanoTime() - started) && nextIsTask(), scope);
  }

  private void send(TaskFrame frame, TaskResponseFrame response, boolean mayHold) {
    send(frame, response, mayHold, null);
  }

  /** @param scope the scope of the task that ran, which ends as its answer is written; {@code null} when none ran */
  private void send(TaskFrame frame, TaskResponseFrame response, boolean mayHold, WorkerTaskScope scope) {
    byte[] bytes;
    try {
      bytes = codec.encode(response);
    } catch (FrameTooLargeException e) {
      bytes = encodeUnsendable(frame, e, "the " + (response.ok() ? "result" : "error")
        + " of " + frame.taskClass() + " exceeds the frame size limit of " + e.limit()
        + " bytes (ParallelConfig.setMaxFrameBytes)", RemoteError.CODE_TOO_LARGE);
    } catch (StreamConstraintsException e) {
      bytes = encodeUnsendable(frame, e, "the " + (response.ok() ? "result" : "error") + " of "
        + frame.taskClass() + " breaks a limit of the protocol: " + e.getOriginalMessage(),
        RemoteError.CODE_TOO_LARGE);
    } catch (IOException | RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      // a result's own code may throw an error too (an accessor's assertion, a class it cannot load): the task's
      // failure, not the worker's; only the JVM's own errors (out of memory) end the worker
      StreamConstraintsException limit = constraintIn(e);
      bytes = limit != null
        ? encodeUnsendable(frame, limit, "the " + (response.ok() ? "result" : "error") + " of " + frame.taskClass()
          + " breaks a limit of the protocol: " + limit.getOriginalMessage(), RemoteError.CODE_TOO_LARGE)
        : encodeUnsendable(frame, e, "the result of " + frame.taskClass() + " cannot be written as JSON: "
          + e.getMessage(), 0);
    }
    try {
      if (scope == null) {
        writer.writeEncoded(bytes, mayHold);
      } else {
        scope.endWith(bytes, mayHold);
      }
    } catch (IOException e) {
      // stdout is closed: the parent is gone
      exit.exit(0);
    }
  }

  /** Jackson wraps a write constraint that a serializer hit; the limit is the reason, not the wrapper. */
  private static StreamConstraintsException constraintIn(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException limit) {
        return limit;
      }
    }
    return null;
  }

  private byte[] encodeUnsendable(TaskFrame frame, Throwable cause, String message, int code) {
    RemoteError error = new RemoteError(cause.getClass().getName(), message, RemoteError.of(cause).stack(), null,
      code);
    try {
      return codec.encode(TaskResponseFrame.failure(frame.id(), error, usedHeap()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an error frame", e);
    }
  }

  private void fatal(VirtualMachineError e) {
    try {
      // the answers of the tasks before this one may still be held back
      writer.flush();
      System.err.println("[" + workerId + "] fatal " + e + ": the worker exits");
      e.printStackTrace(System.err);
    } finally {
      exit.exit(WorkerMain.EXIT_FATAL_ERROR);
    }
  }

  /** Carries the error of a task whose frame could not be read. */
  private static final class RefusedTaskException extends Exception {
    private final RemoteError error;

    RefusedTaskException(RemoteError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
