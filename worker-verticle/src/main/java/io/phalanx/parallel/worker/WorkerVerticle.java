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
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The worker runtime inside a child JVM: reads frames from stdin on a dedicated thread, runs tasks one at a time on
 * the task runner thread, writes frames to the original stdout, and exits when stdin closes or the parent is gone.
 */
public class WorkerVerticle extends VerticleBase {

  private static final long PARENT_CHECK_INTERVAL_MS = 500;

  private final WorkerArguments arguments;
  private final InputStream stdin;
  private final OutputStream frames;
  private final WorkerMain.Exit exit;

  private FrameCodec codec;
  private FrameWriter writer;
  private TaskRunner runner;
  private ChildServiceBridge services;

  /**
   * @param arguments the worker's command line
   * @param stdin     where frames arrive
   * @param frames    the original stdout, the only place frames are written
   * @param exit      ends the process
   */
  public WorkerVerticle(WorkerArguments arguments, InputStream stdin, OutputStream frames, WorkerMain.Exit exit) {
    this.arguments = arguments;
    this.stdin = stdin;
    this.frames = frames;
    this.exit = exit;
  }

  @Override
  public Future<?> start() {
    codec = new FrameCodec(ProtocolMapper.create(), arguments.maxFrameBytes());
    writer = new FrameWriter(codec, frames);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    TaskInstantiator instantiator = new TaskInstantiator(codec.mapper(), loader,
      AllowedTasks.of(arguments.allowlist(), arguments.allowedPackages(), loader));
    ServiceDirectory directory;
    try {
      // the service bundles: a bundle that cannot be loaded, or a local service that cannot be built, fails the start
      directory = new ServiceDirectory(vertx, arguments.workerId(), ServiceDeclarations.load(arguments.serviceBundles(),
        Thread.currentThread().getContextClassLoader()), arguments.serviceTimeout());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    services = new ChildServiceBridge(vertx, context, writer, arguments.workerId(), arguments.serviceTimeout(),
      arguments.maxFrameBytes());
    services.bind(directory.declarations().parentAddresses());
    runner = new TaskRunner(arguments.workerId(), vertx, codec, writer, instantiator, exit, directory);
    runner.start();
    watchParent();
    try {
      // before the stdin reader starts: no task response can ever precede ready
      Warmup.run(codec);
      writer.write(new ReadyFrame(ProcessHandle.current().pid(), FrameCodec.PROTOCOL_VERSION, arguments.workerId()));
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    Thread reader = new Thread(this::readFrames, "phalanx-stdin-reader");
    reader.setDaemon(true);
    reader.start();
    return Future.succeededFuture();
  }

  private void readFrames() {
    LineReader lines = new LineReader(stdin, arguments.maxFrameBytes());
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
        // stdin closed: the parent has gone or closed the pipe; never outlive it
        writer.flush();
        exit.exit(0);
        return;
      }
      if (line.length == 0) {
        continue;
      }
      try {
        dispatch(codec.decode(line));
      } catch (ProtocolException e) {
        log("unreadable frame from the parent (" + e.getMessage() + "): "
          + new String(line, 0, Math.min(line.length, 200), StandardCharsets.UTF_8));
      }
    }
  }

  private void dispatch(Frame frame) {
    if (frame instanceof TaskFrame task) {
      runner.submit(task);
    } else if (frame instanceof CancelFrame cancel) {
      runner.cancel(cancel.id());
    } else if (frame instanceof ServiceResponseFrame response) {
      services.onResponse(response);
    } else if (frame instanceof ShutdownFrame) {
      runner.shutdownAfterCurrent();
    } else {
      log("ignoring unexpected frame of type '" + frame.type() + "' from the parent");
    }
  }

  private void watchParent() {
    if (arguments.parentPid() <= 0) {
      return;
    }
    vertx.setPeriodic(PARENT_CHECK_INTERVAL_MS, id -> {
      boolean alive = ProcessHandle.of(arguments.parentPid()).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        log("parent process " + arguments.parentPid() + " is gone: exiting");
        exit.exit(0);
      }
    });
  }

  private void log(String message) {
    System.err.println("[" + arguments.workerId() + "] " + message);
  }
}
