package io.phalanx.parallel.worker;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * The main class of a worker JVM. The supervisor starts it as
 * {@code java [jvm options] -cp CLASSPATH io.phalanx.parallel.worker.WorkerMain --worker-id ID ...}.
 * <p>
 * Before anything else runs, {@code System.out} is pointed at {@code System.err}: the original stdout carries
 * frames only, so a task that prints cannot corrupt the protocol.
 * <p>
 * Vert.x starts only when it is needed: at once when service bundles are declared (their services live on the
 * worker's event bus), otherwise on a task's first {@code TaskScope.vertx()}. A worker that never starts it is ready
 * in a fraction of the time.
 */
public final class WorkerMain {

  /** Exit status after an unrecoverable JVM error in a task (out of memory and the like). */
  public static final int EXIT_FATAL_ERROR = 3;

  /** Exit status when the worker runtime could not start. */
  public static final int EXIT_START_FAILED = 70;

  /** Ends the worker process. */
  @FunctionalInterface
  public interface Exit {
    void exit(int status);
  }

  private WorkerMain() {
  }

  public static void main(String[] args) {
    OutputStream frames = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    WorkerArguments arguments;
    try {
      arguments = WorkerArguments.parse(args);
    } catch (RuntimeException e) {
      System.err.println("phalanx worker: " + e.getMessage());
      System.exit(EXIT_START_FAILED);
      return;
    }
    Exit exit = status -> {
      System.err.flush();
      // halt, not exit: the worker must go at once, even with a CPU-bound task still running
      Runtime.getRuntime().halt(status);
    };
    if (!arguments.serviceBundles().isEmpty()) {
      // services bind proxies on the worker's event bus before the first task: Vert.x is needed from the start
      startWithVertx(arguments, exit, frames);
      return;
    }
    WorkerRuntime runtime = new WorkerRuntime(arguments, new FileInputStream(FileDescriptor.in), frames, exit);
    try {
      LazyVertx vertx = new LazyVertx(WorkerMain::newVertx);
      runtime.start(vertx, new ServiceDirectory(vertx, arguments.workerId(),
        ServiceDeclarations.load(List.of(), WorkerMain.class.getClassLoader()), arguments.serviceTimeout()), null);
    } catch (IOException | RuntimeException e) {
      failedToStart(arguments, exit, e);
      return;
    }
    // the main thread reads stdin: every other thread of a worker without Vert.x is a daemon
    runtime.readFrames();
  }

  private static void startWithVertx(WorkerArguments arguments, Exit exit, OutputStream frames) {
    newVertx().deployVerticle(new WorkerVerticle(arguments, new FileInputStream(FileDescriptor.in), frames, exit))
      .onFailure(e -> failedToStart(arguments, exit, e));
  }

  private static Vertx newVertx() {
    return Vertx.vertx(new VertxOptions()
      .setEventLoopPoolSize(1)
      .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
  }

  private static void failedToStart(WorkerArguments arguments, Exit exit, Throwable e) {
    e.printStackTrace(System.err);
    // last: the parent reports the last stderr lines of a worker that failed to start
    System.err.println("[" + arguments.workerId() + "] cannot start the worker runtime: " + e);
    exit.exit(EXIT_START_FAILED);
  }
}
