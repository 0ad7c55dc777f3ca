package io.phalanx.parallel.impl;

import io.reactiverse.childprocess.Process;
import io.reactiverse.childprocess.ProcessOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

import java.util.List;

/**
 * Starts worker JVMs with Vert.x process streams ({@code io.reactiverse:reactiverse-child-process}): an argv array,
 * never a shell. The process streams deliver their events on the context that created the process, which is the
 * supervisor's.
 */
public final class ChildProcessLauncher implements ProcessLauncher {

  private final Context context;

  public ChildProcessLauncher(Context context) {
    this.context = context;
  }

  @Override
  public Future<WorkerProcess> launch(String command, List<String> args) {
    Promise<WorkerProcess> promise = Promise.promise();
    context.runOnContext(v -> {
      ChildWorkerProcess[] started = new ChildWorkerProcess[1];
      Process.create(context.owner(), command, args, new ProcessOptions())
        .startHandler(process -> started[0] = new ChildWorkerProcess(process))
        .start()
        .onComplete(ar -> {
          if (ar.succeeded()) {
            promise.complete(started[0]);
          } else {
            promise.fail(ar.cause());
          }
        });
    });
    return promise.future();
  }

  private static final class ChildWorkerProcess implements WorkerProcess {

    private final Process process;
    private Handler<Buffer> stdout;
    private Handler<Void> stdoutEnd;
    private boolean pendingStdoutEnd;
    private Handler<Buffer> stderr;
    private Handler<Void> stderrEnd;
    private boolean pendingStderrEnd;
    private final Buffer pendingStdout = Buffer.buffer();
    private final Buffer pendingStderr = Buffer.buffer();
    private Integer pendingExit;
    private Handler<Integer> exit;

    ChildWorkerProcess(Process process) {
      this.process = process;
      // The child may write (or exit) before the supervisor installs its handlers: keep what arrives until then.
      process.stdout().handler(this::onStdout);
      process.stdout().endHandler(this::onStdoutEnd);
      process.stderr().handler(this::onStderr);
      process.stderr().endHandler(this::onStderrEnd);
      process.exitHandler(this::onExit);
    }

    private void onStdout(Buffer chunk) {
      if (stdout != null) {
        stdout.handle(chunk);
      } else {
        pendingStdout.appendBuffer(chunk);
      }
    }

    private void onStdoutEnd(Void v) {
      if (stdoutEnd != null) {
        stdoutEnd.handle(null);
      } else {
        pendingStdoutEnd = true;
      }
    }

    private void onStderr(Buffer chunk) {
      if (stderr != null) {
        stderr.handle(chunk);
      } else {
        pendingStderr.appendBuffer(chunk);
      }
    }

    private void onStderrEnd(Void v) {
      if (stderrEnd != null) {
        stderrEnd.handle(null);
      } else {
        pendingStderrEnd = true;
      }
    }

    private void onExit(Integer status) {
      if (exit != null) {
        exit.handle(status);
      } else {
        pendingExit = status;
      }
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public void write(Buffer bytes) {
      try {
        process.stdin().write(bytes);
      } catch (IllegalStateException closed) {
        // the child has exited: its exit handler reports that, and fails what it held
      }
    }

    @Override
    public void closeStdin() {
      try {
        process.stdin().close();
      } catch (IllegalStateException closed) {
        // already closed
      }
    }

    @Override
    public void handlers(Handler<Buffer> stdout, Handler<Void> stdoutEnd, Handler<Buffer> stderr,
                         Handler<Void> stderrEnd, Handler<Integer> exit) {
      this.stdout = stdout;
      this.stdoutEnd = stdoutEnd;
      this.stderrEnd = stderrEnd;
      this.stderr = stderr;
      this.exit = exit;
      if (pendingStdout.length() > 0) {
        stdout.handle(pendingStdout.copy());
      }
      if (pendingStdoutEnd) {
        stdoutEnd.handle(null);
      }
      if (pendingStderr.length() > 0) {
        stderr.handle(pendingStderr.copy());
      }
      if (pendingStderrEnd) {
        stderrEnd.handle(null);
      }
      if (pendingExit != null) {
        exit.handle(pendingExit);
      }
    }

    @Override
    public void kill(boolean force) {
      process.kill(force);
    }
  }
}
