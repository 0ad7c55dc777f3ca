package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.ChannelHandshake;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * The main class of a worker JVM. The supervisor starts it as
 * {@code java [jvm options] -cp CLASSPATH io.phalanx.parallel.worker.WorkerMain --worker-id ID ...} and writes the
 * {@link ChannelHandshake} on its stdin: the path of the pool's socket and a one-time token.
 * <p>
 * The worker connects to that socket, sends the token, and from then on every frame crosses the socket. Its stdin
 * is only its lifeline (the worker exits when it ends), and a task reading {@code System.in} reads an empty stream.
 * {@code System.out} is pointed at {@code System.err}: both only ever carry logs, and nothing a task writes to either
 * can reach the protocol.
 * <p>
 * Vert.x starts only when it is needed: at once when services are declared (they live on the
 * worker's event bus), otherwise on a task's first {@code TaskScope.vertx()}. A worker that never starts it is ready
 * in a fraction of the time.
 */
public final class WorkerMain {

  /** Exit status after an unrecoverable JVM error in a task (out of memory and the like). */
  public static final int EXIT_FATAL_ERROR = 3;
  /** How long a clean end waits for the JVM's shutdown hooks before it halts the worker anyway. */
  public static final long SHUTDOWN_HOOKS_LIMIT_MS = 5_000;

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
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    PlatformSelector.prefer();
    Autogroup.followNice();
    InputStream stdin = new FileInputStream(FileDescriptor.in);
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
      try {
        // no process a task started outlives its worker
        ProcessTree.endOwnChildren();
      } catch (Throwable ignored) {
        // on the way out whatever happens (even out of memory): the halt below must run
      }
      if (status == 0) {
        try {
          endCleanly();
        } catch (Throwable ignored) {
          // no thread for the watchdog (out of memory): the halt below, without the hooks
        }
      }
      // halt, not exit: any other end must go at once, even with a CPU-bound task still running
      Runtime.getRuntime().halt(status);
    };
    SocketChannel channel;
    try {
      channel = connect(ChannelHandshake.read(stdin));
    } catch (IOException | RuntimeException e) {
      failedToStart(arguments, exit, e);
      return;
    }
    // a task reading System.in must never see the lifeline, nor wait on it
    System.setIn(InputStream.nullInputStream());
    Lifeline.watch(stdin, () -> {
      System.err.println("[" + arguments.workerId() + "] stdin closed: the parent is gone or ended the worker");
      exit.exit(0);
    });
    InputStream frameIn = SocketStreams.input(channel);
    OutputStream frameOut = new BufferedOutputStream(SocketStreams.output(channel), 64 * 1024);
    if (arguments.declaresServices()) {
      // services bind proxies on the worker's event bus before the first task: Vert.x is needed from the start
      newVertx().deployVerticle(new WorkerVerticle(arguments, frameIn, frameOut, exit))
        .onFailure(e -> failedToStart(arguments, exit, e));
      return;
    }
    WorkerRuntime runtime = new WorkerRuntime(arguments, frameIn, frameOut, exit);
    try {
      LazyVertx vertx = new LazyVertx(WorkerMain::newVertx);
      runtime.start(vertx, new ServiceDirectory(vertx, arguments.workerId(),
        ServiceDeclarations.load(List.of(), WorkerMain.class.getClassLoader()), arguments.serviceTimeout()), null);
    } catch (IOException | RuntimeException e) {
      failedToStart(arguments, exit, e);
      return;
    }
    // the main thread reads frames: every other thread of a worker without Vert.x is a daemon
    runtime.readFrames();
  }

  /**
   * A clean end (drained, or its parent gone) runs the JVM's shutdown hooks, so that what a worker was started with
   * can finish its work: a flight recording with {@code dumponexit} is written, a task's own hook runs. Never for
   * long: a hook that hangs, or a call from inside a hook, would otherwise keep the worker; a watchdog halts it after
   * {@link #SHUTDOWN_HOOKS_LIMIT_MS}. {@code System.exit} does not wait for running tasks either.
   */
  private static void endCleanly() {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(SHUTDOWN_HOOKS_LIMIT_MS);
      } catch (InterruptedException ignored) {
        // halts all the same
      }
      System.err.println("phalanx worker: shutdown hooks still running after " + SHUTDOWN_HOOKS_LIMIT_MS
        + " ms: halting");
      System.err.flush();
      Runtime.getRuntime().halt(0);
    }, "phalanx-exit-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    System.exit(0);
  }

  /** Connects to the pool's socket and proves who this process is: the token is the first line. */
  private static SocketChannel connect(ChannelHandshake handshake) throws IOException {
    SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(handshake.socketPath()));
    ByteBuffer token = ByteBuffer.wrap(handshake.tokenLine());
    while (token.hasRemaining()) {
      channel.write(token);
    }
    return channel;
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
