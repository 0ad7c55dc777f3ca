package io.phalanx.parallel.worker;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The worker runtime on a running Vert.x, as a worker whose services are bound on its event bus runs it:
 * reads frames from stdin on a dedicated thread, runs tasks one at a time on the task runner thread, writes frames to
 * the original stdout, and exits when stdin closes or the parent is gone. A worker without services runs the
 * same runtime without starting Vert.x first ({@link WorkerMain}).
 */
public class WorkerVerticle extends VerticleBase {

  private final WorkerArguments arguments;
  private final InputStream stdin;
  private final OutputStream frames;
  private final WorkerMain.Exit exit;

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
    WorkerRuntime runtime = new WorkerRuntime(arguments, stdin, frames, exit);
    ServiceDirectory directory;
    try {
      // a bundle or a type that cannot be loaded, or a local service that cannot be built, fails the start
      directory = new ServiceDirectory(() -> vertx, arguments.workerId(), ServiceDeclarations.load(
        arguments.serviceBundles(), arguments.services(), Thread.currentThread().getContextClassLoader()),
        arguments.serviceTimeout());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    ChildServiceBridge services = new ChildServiceBridge(vertx, context, runtime.writer(), arguments.workerId(),
      arguments.serviceTimeout(), arguments.maxFrameBytes(), runtime::channelNeeded);
    services.bind(directory.declarations().parentAddresses());
    try {
      runtime.start(() -> vertx, directory, services);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    Thread reader = new Thread(runtime::readFrames, "phalanx-stdin-reader");
    reader.setDaemon(true);
    reader.start();
    return Future.succeededFuture();
  }
}
