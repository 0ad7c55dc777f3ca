package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.CancelFrame;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.FrameLimitException;
import io.phalanx.parallel.protocol.ProtocolException;
import io.phalanx.parallel.protocol.ProtocolMapper;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.protocol.ShutdownFrame;
import io.phalanx.parallel.protocol.StackRequestFrame;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskStackFrame;
import io.phalanx.parallel.tasktypes.AllowedTasks;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What a worker JVM runs, with or without Vert.x: the channel reader, the task runner, the frame writer and the parent
 * watch. {@link WorkerMain} uses it directly when no service bundle is declared, so Vert.x starts only when a task
 * asks for {@code TaskScope.vertx()}; {@link WorkerVerticle} uses it with a running Vert.x when services are bound on
 * the worker's event bus.
 */
final class WorkerRuntime {

  private final WorkerArguments arguments;
  private final InputStream frameIn;
  private final WorkerMain.Exit exit;
  private final FrameCodec codec;
  private final FrameWriter writer;
  private TaskRunner runner;
  static final String TASK_THREAD_NAME = "phalanx-task-runner";
  /** The turn to read the channel: held by one of the two frame readers at a time. */
  private final ReadTurn readTurn = new ReadTurn();
  /** Set by the reader that saw the end of the channel, under the turn. */
  private boolean channelEnded;
  private ChildServiceBridge services;

  /**
   * @param arguments the worker's command line
   * @param frameIn   where frames arrive: the channel to the parent
   * @param frames    where frames are written: the same channel
   * @param exit      ends the process
   */
  WorkerRuntime(WorkerArguments arguments, InputStream frameIn, OutputStream frames, WorkerMain.Exit exit) {
    this.arguments = arguments;
    this.frameIn = frameIn;
    this.exit = exit;
    this.codec = new FrameCodec(ProtocolMapper.create(arguments.maxFrameBytes()), arguments.maxFrameBytes());
    this.writer = new FrameWriter(codec, frames);
  }

  FrameWriter writer() {
    return writer;
  }

  /**
   * Called when a running task is about to wait for something only the channel brings (a parent service's
   * response): the other reader reads on while it waits.
   */
  void channelNeeded() {
    readTurn.handOverFromRunningTask();
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
    // after ready: the parent watches for silence only once the worker is up
    Heartbeat.start(writer, arguments.heartbeatInterval());
  }

  /**
   * Reads and dispatches frames until the channel ends, then exits the process with status 0. Blocks.
   * <p>
   * Two threads take turns: the one whose turn it is reads frames, and when it reads a task while none runs it runs
   * the task itself, with the frames that arrived with it, and reads on afterwards. A task therefore starts on the
   * thread that read it, and a stream of quick tasks never wakes the other thread. When a task runs long or waits for
   * a parent service, the turn goes to the other thread, which reads on meanwhile (cancel frames, stack requests and
   * service responses must be read while a task runs): see {@link ReadTurn}.
   */
  void readFrames() {
    LineReader lines = new LineReader(frameIn, arguments.maxFrameBytes());
    // both named as the one task thread they replace: a task sees the same thread name wherever it runs
    Thread first = new Thread(() -> readAndRun(lines), TASK_THREAD_NAME);
    Thread second = new Thread(() -> readAndRun(lines), TASK_THREAD_NAME);
    first.setDaemon(true);
    second.setDaemon(true);
    // a reader that died would hold the turn for good: the worker would beat on and never answer again
    first.setUncaughtExceptionHandler(this::readerDied);
    second.setUncaughtExceptionHandler(this::readerDied);
    first.start();
    second.start();
    try {
      first.join();
      second.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void readerDied(Thread thread, Throwable e) {
    try {
      System.err.println("[" + arguments.workerId() + "] the frame reader died: the worker exits");
      e.printStackTrace(System.err);
    } finally {
      exit.exit(WorkerMain.EXIT_FATAL_ERROR);
    }
  }

  private void readAndRun(LineReader lines) {
    while (true) {
      readTurn.acquire();
      try {
        do {
          TaskFrame claimed = channelEnded ? null : readUntilClaimed(lines);
          if (claimed == null) {
            return;
          }
          readTurn.running();
          runner.runClaimed(claimed);
        } while (readTurn.runDone());
      } finally {
        // the end of the channel, or a turn handed over while this thread ran tasks (then it holds none)
        readTurn.release();
      }
    }
  }

  /**
   * @return a task this thread is to run now, or {@code null} once the channel has ended
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
        channelEnded = true;
        // the parent closed the channel, or has gone: never outlive it
        writer.flush();
        exit.exit(0);
        return null;
      }
      Frame frame = decode(line);
      if (frame instanceof TaskFrame task) {
        if (runner.claim(task)) {
          takeWhatWasReadIn(lines);
          return task;
        }
      } else if (frame != null) {
        dispatch(frame);
      }
    }
  }

  /**
   * Takes the frames that arrived with the claimed task before running it: the tasks among them wait behind it (so
   * the runner knows more follow, and holds their responses back to write them together), the other frames are
   * handled at once. Nothing here blocks: what arrives later is read after the tasks, or by the other reader if the
   * turn goes over meanwhile.
   */
  private void takeWhatWasReadIn(LineReader lines) {
    while (true) {
      byte[] line;
      try {
        line = lines.nextIfReadIn();
      } catch (LineReader.LineTooLongException e) {
        log(e.getMessage() + ": frame dropped");
        continue;
      }
      if (line == null) {
        return;
      }
      Frame frame = decode(line);
      if (frame instanceof TaskFrame task) {
        // this thread holds the runner: the task waits its turn (claim is false)
        runner.claim(task);
      } else if (frame != null) {
        dispatch(frame);
      }
    }
  }

  /** @return the frame, or {@code null} when there is nothing to act on (an empty or unreadable line) */
  private Frame decode(byte[] line) {
    if (line.length == 0) {
      return null;
    }
    try {
      return codec.decodeWithRawArgs(line, 0, line.length);
    } catch (FrameLimitException e) {
      return overLimit(e);
    } catch (ProtocolException e) {
      log("unreadable frame from the parent (" + e.getMessage() + "): "
        + new String(line, 0, Math.min(line.length, 200), StandardCharsets.UTF_8));
      return null;
    }
  }

  /**
   * A frame of the parent whose payload breaks a limit: the task or the call it carries fails (code 413), the
   * worker carries on. A task still takes its turn (the parent expects answers in order): it is run as a task that
   * fails at once.
   *
   * @return the task frame to run in its turn, or {@code null}
   */
  private Frame overLimit(FrameLimitException e) {
    String why = e.getMessage() + " (ParallelConfig.setMaxFrameBytes and the protocol's limits)";
    if (TaskFrame.TYPE.equals(e.frameType())) {
      return new TaskFrame(e.id(), "(unreadable)", new TaskRunner.Refused(new RemoteError(
        FrameLimitException.class.getName(), "the task's arguments: " + why, java.util.List.of(), null,
        RemoteError.CODE_TOO_LARGE)));
    }
    if (ServiceResponseFrame.TYPE.equals(e.frameType()) && services != null) {
      services.onResponse(ServiceResponseFrame.failure(e.id(), io.phalanx.parallel.service.ServiceFailureCodes.TOO_LARGE,
        "the reply: " + why));
    } else {
      log("dropped a frame of the parent: " + why);
    }
    return null;
  }

  private void dispatch(Frame frame) {
    if (frame instanceof CancelFrame cancel) {
      runner.cancel(cancel.id());
    } else if (frame instanceof ServiceResponseFrame response && services != null) {
      services.onResponse(response);
    } else if (frame instanceof ShutdownFrame) {
      runner.shutdownAfterCurrent();
    } else if (frame instanceof StackRequestFrame request) {
      // answered by this reader: the task's own thread may be busy, or stuck
      try {
        writer.write(new TaskStackFrame(request.id(), runner.stackOf(request.id())));
      } catch (IOException e) {
        log("cannot answer a stack request: " + e.getMessage());
      }
    } else {
      log("ignoring unexpected frame of type '" + frame.type() + "' from the parent");
    }
  }

  private void log(String message) {
    System.err.println("[" + arguments.workerId() + "] " + message);
  }
}
