package io.phalanx.parallel.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Starts worker JVMs with {@link ProcessBuilder} (an argv array, never a shell) and moves their bytes with plain
 * blocking pipes: one reader thread per output stream hands chunks to the supervisor's context, and writes to stdin
 * happen on the caller's thread.
 * <p>
 * Why not an event-driven process library: on the hot path each task costs one pipe write and one read, and every
 * extra thread that has to wake up for it (a process library's own epoll thread, for instance) costs tens of
 * microseconds on a virtual machine. Here a task's frame goes from the supervisor's event loop straight into the
 * pipe, and a response wakes exactly one reader thread.
 */
public final class JdkProcessLauncher implements ProcessLauncher {

  /** A read hands over at most this much at once; a line longer than that arrives in several chunks. */
  static final int READ_CHUNK_BYTES = 64 * 1024;
  /**
   * Chunks read but not yet handled on the context, per stream. When the supervisor falls behind, the reader stops
   * reading, the pipe fills and the child blocks on its writes: back-pressure instead of an unbounded queue.
   */
  static final int MAX_CHUNKS_IN_FLIGHT = 16;

  private final Context context;

  public JdkProcessLauncher(Context context) {
    this.context = context;
  }

  @Override
  public Future<WorkerProcess> launch(String command, List<String> args) {
    List<String> argv = new ArrayList<>(args.size() + 1);
    argv.add(command);
    argv.addAll(args);
    // forking copies no memory (posix_spawn), but it is still a system call that can stall: not on the event loop
    return context.executeBlocking(() -> new PipedProcess(context, new ProcessBuilder(argv).start()), false);
  }

  private static final class PipedProcess implements WorkerProcess {

    private final Context context;
    private final Process process;
    private final StdinWriter stdin;
    private final String name;
    // only touched on the context
    private Handler<byte[]> stdout;
    private Handler<Void> stdoutEnd;
    private Handler<byte[]> stderr;
    private Handler<Void> stderrEnd;
    private Handler<Integer> exit;
    /** Read by the stdout reader thread. */
    private volatile java.util.function.Function<byte[], Runnable> stdoutTap;

    PipedProcess(Context context, Process process) {
      this.context = context;
      this.process = process;
      this.name = "phalanx-child-" + process.pid();
      this.stdin = new StdinWriter(process.getOutputStream(), name, flush -> context.runOnContext(v -> flush.run()));
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public void write(byte[] bytes) {
      stdin.write(bytes);
    }

    @Override
    public void closeStdin() {
      stdin.close();
    }

    @Override
    public void handlers(Handler<byte[]> stdout, Handler<Void> stdoutEnd, Handler<byte[]> stderr,
                         Handler<Void> stderrEnd, Handler<Integer> exit) {
      this.stdout = stdout;
      this.stdoutEnd = stdoutEnd;
      this.stderr = stderr;
      this.stderrEnd = stderrEnd;
      this.exit = exit;
      // the readers start only now: nothing the child writes before the handlers are set can be lost
      CompletableFuture<Void> stdoutRead = new CompletableFuture<>();
      startReader(process.getInputStream(), name + "-stdout", chunk -> this.stdout.handle(chunk),
        () -> this.stdoutEnd.handle(null), stdoutRead, true);
      startReader(process.getErrorStream(), name + "-stderr", chunk -> this.stderr.handle(chunk),
        () -> this.stderrEnd.handle(null), new CompletableFuture<>(), false);
      // the exit comes after the last stdout chunk: a response the child wrote just before it exited is never
      // mistaken for a task lost in a crash
      process.onExit().thenCombine(stdoutRead, (p, v) -> p)
        .whenComplete((p, e) -> context.runOnContext(v -> this.exit.handle(process.exitValue())));
    }

    @Override
    public void tapStdout(java.util.function.Function<byte[], Runnable> tap) {
      this.stdoutTap = tap;
    }

    private void startReader(InputStream in, String threadName, Handler<byte[]> chunks, Runnable end,
                             CompletableFuture<Void> done, boolean tapped) {
      Thread reader = new Thread(() -> {
        read(in, chunks, end, tapped);
        done.complete(null);
      }, threadName);
      reader.setDaemon(true);
      reader.start();
    }

    private void read(InputStream in, Handler<byte[]> chunks, Runnable end, boolean tapped) {
      Semaphore inFlight = new Semaphore(MAX_CHUNKS_IN_FLIGHT);
      byte[] buffer = new byte[READ_CHUNK_BYTES];
      try {
        while (true) {
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          if (n == 0) {
            continue;
          }
          // the one copy of the chunk: the read buffer is reused at once, the tap and the handler read this one
          byte[] chunk = java.util.Arrays.copyOf(buffer, n);
          java.util.function.Function<byte[], Runnable> tap = tapped ? stdoutTap : null;
          Runnable afterQueued = tap != null ? tap.apply(chunk) : null;
          inFlight.acquireUninterruptibly();
          context.runOnContext(v -> {
            inFlight.release();
            chunks.handle(chunk);
          });
          if (afterQueued != null) {
            afterQueued.run();
          }
        }
      } catch (IOException e) {
        // the stream was closed under the reader: the same as its end
      } finally {
        try {
          in.close();
        } catch (IOException ignored) {
          // nothing left to release
        }
      }
      context.runOnContext(v -> end.run());
    }

    @Override
    public void kill(boolean force) {
      if (force) {
        process.destroyForcibly();
      } else {
        process.destroy();
      }
    }
  }

  /**
   * The child's stdin. Small frames are written on the supervisor's context, which is the cheapest path: the first
   * at once, and those that follow it before the context has handled what it has queued are gathered and written
   * together then (many tasks arriving at once cost two system calls and wake-ups of the child, not one each). A
   * frame that could fill the pipe (64 KiB on Linux) goes to a writer thread instead, and so does everything after it
   * until that thread has caught up, so frames stay in order and the event loop never waits for a child to read.
   * <p>
   * A direct write can only block when the pipe is full, that is when the child stopped reading while a whole pipe's
   * worth of small frames was sent to it. The supervisor sends a child at most a few tasks ahead (at most 32 KiB of
   * frames) plus the cancel frames and service responses for those tasks, far less than a pipe holds; gathering
   * frames does not add to that, it only writes them in fewer calls.
   */
  static final class StdinWriter {

    /** Larger frames are written by the writer thread. */
    static final int DIRECT_WRITE_MAX_BYTES = 8 * 1024;

    private final OutputStream out;
    private final String threadName;
    /** Runs a flush of the gathered frames later on the writing context (or at once, where frames are not gathered). */
    private final java.util.function.Consumer<Runnable> scheduleFlush;
    private final Object lock = new Object();
    // guarded by lock
    private final java.util.ArrayDeque<byte[]> backlog = new java.util.ArrayDeque<>();
    private final java.util.ArrayList<byte[]> gathered = new java.util.ArrayList<>();
    private int gatheredBytes;
    private boolean flushScheduled;
    private boolean writerRunning;
    private boolean closeRequested;
    private boolean broken;

    /** A writer that writes each small frame at once, on the caller's thread. */
    StdinWriter(OutputStream out, String name) {
      this(out, name, Runnable::run);
    }

    StdinWriter(OutputStream out, String name, java.util.function.Consumer<Runnable> scheduleFlush) {
      this.out = out;
      this.threadName = name + "-stdin";
      this.scheduleFlush = scheduleFlush;
    }

    void write(byte[] bytes) {
      boolean schedule = false;
      synchronized (lock) {
        if (closeRequested || broken) {
          // the child has gone or is going: its exit reports that, and fails what it held
          return;
        }
        if (writerRunning || bytes.length > DIRECT_WRITE_MAX_BYTES) {
          handOver(bytes);
          return;
        }
        if (!flushScheduled) {
          // the first frame since the last flush goes out at once (a lone task is not delayed); the ones that
          // follow before the flush runs are gathered
          flushScheduled = true;
          schedule = true;
          writeDirectly(bytes);
        } else {
          gathered.add(bytes);
          gatheredBytes += bytes.length;
        }
      }
      if (schedule) {
        scheduleFlush.accept(this::flush);
      }
    }

    /** Writes the gathered frames: directly, or through the writer thread while it has a backlog. */
    void flush() {
      synchronized (lock) {
        flushScheduled = false;
        byte[] batch = takeGathered();
        if (batch != null && !closeRequested && !broken) {
          writeInOrder(batch);
        }
      }
    }

    /** Writes directly, or behind the writer thread's backlog while it has one. Holds the lock. */
    private void writeInOrder(byte[] bytes) {
      if (writerRunning) {
        backlog.add(bytes);
      } else {
        writeDirectly(bytes);
      }
    }

    /** Holds the lock. */
    private void writeDirectly(byte[] bytes) {
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        broken = true;
      }
    }

    /** Passes a frame (after whatever was gathered before it) to the writer thread. Holds the lock. */
    private void handOver(byte[] bytes) {
      byte[] before = takeGathered();
      if (before != null) {
        backlog.add(before);
      }
      backlog.add(bytes);
      if (!writerRunning) {
        writerRunning = true;
        Thread writer = new Thread(this::drain, threadName);
        writer.setDaemon(true);
        writer.start();
      }
    }

    /** The gathered frames as one array, or {@code null} when there are none. Holds the lock. */
    private byte[] takeGathered() {
      if (gathered.isEmpty()) {
        return null;
      }
      byte[] batch;
      if (gathered.size() == 1) {
        batch = gathered.get(0);
      } else {
        batch = new byte[gatheredBytes];
        int at = 0;
        for (byte[] frame : gathered) {
          System.arraycopy(frame, 0, batch, at, frame.length);
          at += frame.length;
        }
      }
      gathered.clear();
      gatheredBytes = 0;
      return batch;
    }

    void close() {
      synchronized (lock) {
        if (closeRequested) {
          return;
        }
        // what was gathered still goes out first (a shutdown frame, typically), then the end of the stream
        byte[] last = broken ? null : takeGathered();
        if (last != null) {
          writeInOrder(last);
        }
        closeRequested = true;
        if (!writerRunning) {
          closeQuietly();
        }
      }
    }

    private void drain() {
      while (true) {
        byte[] next;
        synchronized (lock) {
          next = backlog.poll();
          if (next == null) {
            writerRunning = false;
            if (closeRequested) {
              closeQuietly();
            }
            return;
          }
        }
        try {
          out.write(next);
          out.flush();
        } catch (IOException e) {
          synchronized (lock) {
            broken = true;
            backlog.clear();
          }
        }
      }
    }

    private void closeQuietly() {
      try {
        out.close();
      } catch (IOException ignored) {
        // the child has gone already
      }
    }
  }
}
