package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.AllowedTasks;
import io.phalanx.parallel.protocol.CancelFrame;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * What a worker JVM runs, with or without Vert.x: the stdin reader, the task runner, the frame writer and the parent
 * watch. {@link WorkerMain} uses it directly when no service bundle is declared, so Vert.x starts only when a task
 * asks for {@code TaskScope.vertx()}; {@link WorkerVerticle} uses it with a running Vert.x when services are bound on
 * the worker's event bus.
 */
final class WorkerRuntime {

  private final WorkerArguments arguments;
  private final InputStream stdin;
  private final WorkerMain.Exit exit;
  private final FrameCodec codec;
  private final FrameWriter writer;
  private TaskRunner runner;
  static final String TASK_THREAD_NAME = "phalanx-task-runner";
  /** The turn to read stdin: held by one of the two frame readers at a time. */
  private final Semaphore readTurn = new Semaphore(1);
  /** Set by the reader that saw the end of stdin, under the turn. */
  private boolean stdinEnded;
  private ChildServiceBridge services;

  /**
   * @param arguments the worker's command line
   * @param stdin     where frames arrive
   * @param frames    the original stdout, the only place frames are written
   * @param exit      ends the process
   */
  WorkerRuntime(WorkerArguments arguments, InputStream stdin, OutputStream frames, WorkerMain.Exit exit) {
    this.arguments = arguments;
    this.stdin = stdin;
    this.exit = exit;
    this.codec = new FrameCodec(ProtocolMapper.create(), arguments.maxFrameBytes());
    this.writer = new FrameWriter(codec, frames);
  }

  FrameWriter writer() {
    return writer;
  }

  /**
   * Starts the task runner and the parent watch and writes {@code ready}; frames are read only once
   * {@link #readFrames()} runs, so no task response can ever precede {@code ready}.
   *
   * @param vertx     the worker's Vert.x, asked for only when a task or a service needs it
   * @param directory the services tasks may look up
   * @param services  the bridge that answers service responses; {@code null} when no parent service is bound
   * @throws IOException when {@code ready} cannot be written (the parent is gone)
   */
  void start(Supplier<Vertx> vertx, ServiceDirectory directory, ChildServiceBridge services) throws IOException {
    this.services = services;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    TaskInstantiator instantiator = new TaskInstantiator(codec.mapper(), loader,
      AllowedTasks.of(arguments.allowlist(), arguments.allowedPackages(), loader));
    runner = new TaskRunner(arguments.workerId(), vertx, codec, writer, instantiator, exit, directory);
    ParentWatch.start(arguments.parentPid(), () -> {
      log("parent process " + arguments.parentPid() + " is gone: exiting");
      exit.exit(0);
    });
    Warmup.run(codec);
    writer.write(new ReadyFrame(ProcessHandle.current().pid(), FrameCodec.PROTOCOL_VERSION, arguments.workerId()));
  }

  /**
   * Reads and dispatches frames until stdin ends, then exits the process with status 0. Blocks.
   * <p>
   * Two threads take turns: the one whose turn it is reads frames, and when it reads a task while none runs it hands
   * the turn over and runs the task itself, while the other reads on (cancel frames and service responses must be
   * read while a task runs). A task therefore starts on the thread that read it, without waking another thread.
   */
  void readFrames() {
    LineReader lines = new LineReader(stdin, arguments.maxFrameBytes());
    // both named as the one task thread they replace: a task sees the same thread name wherever it runs
    Thread first = new Thread(() -> readAndRun(lines), TASK_THREAD_NAME);
    Thread second = new Thread(() -> readAndRun(lines), TASK_THREAD_NAME);
    first.setDaemon(true);
    second.setDaemon(true);
    first.start();
    second.start();
    try {
      first.join();
      second.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readAndRun(LineReader lines) {
    while (true) {
      TaskFrame claimed;
      readTurn.acquireUninterruptibly();
      try {
        claimed = stdinEnded ? null : readUntilClaimed(lines);
      } finally {
        readTurn.release();
      }
      if (claimed == null) {
        return;
      }
      runner.runClaimed(claimed);
    }
  }

  /**
   * @return a task this thread is to run now, or {@code null} once stdin has ended
   */
  private TaskFrame readUntilClaimed(LineReader lines) {
    while (true) {
      byte[] line;
      try {
        line = lines.next();
      } catch (LineReader.LineTooLongException e) {
        log(e.getMessage() + ": frame dropped");
        continue;
      } catch (IOException e) {
        line = null;
      }
      if (line == null) {
        stdinEnded = true;
        // stdin closed: the parent has gone or closed the pipe; never outlive it
        writer.flush();
        exit.exit(0);
        return null;
      }
      if (line.length == 0) {
        continue;
      }
      Frame frame;
      try {
        frame = codec.decodeWithRawArgs(line, 0, line.length);
      } catch (ProtocolException e) {
        log("unreadable frame from the parent (" + e.getMessage() + "): "
          + new String(line, 0, Math.min(line.length, 200), StandardCharsets.UTF_8));
        continue;
      }
      if (frame instanceof TaskFrame task) {
        if (runner.claim(task)) {
          return task;
        }
      } else {
        dispatch(frame);
      }
    }
  }

  private void dispatch(Frame frame) {
    if (frame instanceof CancelFrame cancel) {
      runner.cancel(cancel.id());
    } else if (frame instanceof ServiceResponseFrame response && services != null) {
      services.onResponse(response);
    } else if (frame instanceof ShutdownFrame) {
      runner.shutdownAfterCurrent();
    } else {
      log("ignoring unexpected frame of type '" + frame.type() + "' from the parent");
    }
  }

  private void log(String message) {
    System.err.println("[" + arguments.workerId() + "] " + message);
  }
}
