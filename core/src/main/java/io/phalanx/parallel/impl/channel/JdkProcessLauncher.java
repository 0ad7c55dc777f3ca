package io.phalanx.parallel.impl.channel;

import io.phalanx.parallel.worker.ProcessTree;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts worker JVMs with {@link ProcessBuilder} (an argv array, never a shell), each in a process group of its own
 * (through {@code setsid} where it exists) and at a lower CPU priority when asked (through {@code nice}), and
 * introduces each to the pool's {@link ChannelServer}: the handshake
 * (socket path and one-time token) goes on the child's stdin, never on its command line.
 * <p>
 * A worker's death is seen from the process itself ({@link Process#onExit()}), whatever holds its pipes; its output
 * streams carry logs only. When it is killed, or once it has exited, every process left in its group is killed too.
 */
public final class JdkProcessLauncher implements ProcessLauncher {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.channel");
  /** How long the end of a worker waits for the processes left in its group to die once killed. */
  static final long TREE_EXIT_WAIT_MS = 5_000;
  /** {@code setsid} from util-linux: puts the worker in a new session and process group, then execs it. */
  private static final String SETSID = findSetsid();
  /** {@code kill}, for the one signal the JDK cannot send: SIGQUIT, which asks a JVM for a thread dump. */
  private static final String KILL = findExecutable("kill");
  /** {@code nice} from coreutils: lowers the worker's CPU priority, then execs it. */
  private static final String NICE = findExecutable("nice");
  /** glibc's limit on malloc arenas, unless the parent's environment sets its own. */
  static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";

  private final Context context;
  private final ChannelServer server;
  private final int nice;

  /**
   * @param context the supervisor's context, where every handler runs
   * @param server  where the workers join their channels
   */
  public JdkProcessLauncher(Context context, ChannelServer server) {
    this(context, server, 0);
  }

  /**
   * @param nice the workers' nice value (0 to 19): with more than 0 each worker starts through {@code nice -n}
   */
  public JdkProcessLauncher(Context context, ChannelServer server, int nice) {
    this.context = context;
    this.server = server;
    this.nice = nice;
    if (nice > 0 && NICE == null) {
      LOG.log(System.Logger.Level.WARNING, "no nice command found: workers run at the parent's CPU priority "
        + "(ParallelConfig.setWorkerNice " + nice + " is ignored)");
    }
  }

  /** Whether workers get a process group of their own, which lets the pool end every process below them. */
  public static boolean groupsWorkers() {
    return SETSID != null;
  }

  @Override
  public Future<WorkerProcess> launch(String command, List<String> args) {
    List<String> argv = new ArrayList<>(args.size() + 5);
    if (SETSID != null) {
      argv.add(SETSID);
    }
    if (nice > 0 && NICE != null) {
      // the worker itself gives its autogroup the same nice value (WorkerMain): see ParallelConfig.setWorkerNice
      argv.addAll(List.of(NICE, "-n", Integer.toString(nice)));
    }
    argv.add(command);
    argv.addAll(args);
    ChannelServer.Expectation expectation = server.expect();
    // forking is a system call that can stall: never on the event loop
    return context.<Process>executeBlocking(() -> {
      ProcessBuilder builder = new ProcessBuilder(argv);
      // glibc gives each thread that mallocs its own arena (up to 8 per core): a worker's few native allocators
      // (compiler threads, mostly) need no more than two, and each arena costs an idle worker resident memory
      builder.environment().putIfAbsent(MALLOC_ARENA_MAX, "2");
      Process process = builder.start();
      try {
        OutputStream stdin = process.getOutputStream();
        stdin.write(expectation.handshake().stdinBytes());
        stdin.flush();
      } catch (IOException e) {
        // it died at once: its exit and its stderr say why
      }
      return process;
    }, false).<WorkerProcess>map(process -> new JdkWorkerProcess(process, expectation))
      .onFailure(e -> server.forget(expectation.handshake()));
  }

  private static String findSetsid() {
    String setsid = findExecutable("setsid");
    if (setsid == null) {
      LOG.log(System.Logger.Level.WARNING, "no setsid found: workers share the parent's process group, and a "
        + "process a task starts may outlive a worker that crashes");
    }
    return setsid;
  }

  /** @return {@code /usr/bin/<name>} or {@code /bin/<name>}, whichever is executable, or {@code null} */
  private static String findExecutable(String name) {
    for (String candidate : List.of("/usr/bin/" + name, "/bin/" + name)) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return null;
  }

  private final class JdkWorkerProcess implements WorkerProcess {

    private final Process process;
    private final ChannelServer.Expectation expectation;
    private final Promise<Void> ended = Promise.promise();
    private boolean lifelineClosed;

    JdkWorkerProcess(Process process, ChannelServer.Expectation expectation) {
      this.process = process;
      this.expectation = expectation;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public Future<FrameChannel> channel() {
      return expectation.channel();
    }

    @Override
    public void handlers(LogHandler log, Handler<Void> logsEnded, Handler<Integer> exit) {
      // the readers start only now: nothing the child writes before the handlers are set can be lost
      int[] open = {2};
      Handler<Void> oneEnded = v -> {
        if (--open[0] == 0) {
          logsEnded.handle(null);
        }
      };
      readLines(process.getInputStream(), "stdout", log, oneEnded);
      readLines(process.getErrorStream(), "stderr", log, oneEnded);
      process.onExit().whenComplete((p, e) -> context.runOnContext(v -> {
        server.forget(expectation.handshake());
        closeLifeline();
        exit.handle(process.exitValue());
        endTree();
      }));
    }

    private void readLines(java.io.InputStream in, String stream, LogHandler log, Handler<Void> end) {
      LogLines lines = new LogLines(line -> log.line(stream, line));
      new ProcessOutput(context, in, "phalanx-child-" + process.pid() + "-" + stream)
        .handler(lines)
        .endHandler(v -> {
          lines.end();
          end.handle(null);
        })
        .start();
    }

    /** Kills what is left of the worker's group once it has exited, and waits for those processes to go. */
    private void endTree() {
      if (SETSID == null) {
        ended.tryComplete();
        return;
      }
      long pid = process.pid();
      context.<Void>executeBlocking(() -> {
        List<ProcessHandle> left = ProcessTree.groupMembers(pid);
        for (ProcessHandle member : left) {
          member.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TREE_EXIT_WAIT_MS);
        for (ProcessHandle member : left) {
          long wait = deadline - System.nanoTime();
          try {
            member.onExit().get(Math.max(0, wait), TimeUnit.NANOSECONDS);
          } catch (Exception stillThere) {
            LOG.log(System.Logger.Level.WARNING, "process " + member.pid() + " of worker pid " + pid
              + " did not die within " + TREE_EXIT_WAIT_MS + " ms of SIGKILL");
          }
        }
        return null;
      }, false).onComplete(done -> ended.tryComplete());
    }

    @Override
    public Future<Void> ended() {
      return ended.future();
    }

    @Override
    public void closeLifeline() {
      if (!lifelineClosed) {
        lifelineClosed = true;
        try {
          process.getOutputStream().close();
        } catch (IOException ignored) {
          // the child has gone already
        }
      }
    }

    @Override
    public void dumpThreads() {
      if (KILL == null || !process.isAlive()) {
        return;
      }
      long pid = process.pid();
      // a fork: off the event loop. To the worker alone: a process its task started would die of SIGQUIT
      context.executeBlocking(() -> new ProcessBuilder(KILL, "-QUIT", Long.toString(pid))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(), false);
    }

    @Override
    public Future<Boolean> stopped() {
      long pid = process.pid();
      return context.executeBlocking(() -> {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isReadable(stat)) {
          return false;
        }
        String text = Files.readString(stat, java.nio.charset.StandardCharsets.US_ASCII);
        // "pid (comm) state ...": the state follows the last ')'; T is stopped by a signal, t by a debugger
        int at = text.lastIndexOf(')') + 2;
        return at < text.length() && (text.charAt(at) == 'T' || text.charAt(at) == 't');
      }, false).otherwise(false);
    }

    @Override
    public void kill(boolean force) {
      if (!process.isAlive()) {
        // its group was ended when it exited; its pid may belong to another process by now
        return;
      }
      long pid = process.pid();
      if (SETSID == null) {
        // without a group of its own only the live descendants can be found: before the worker dies, not after
        process.descendants().forEach(force ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
      }
      // through the handle: Process.destroy() would also close the child's stdin, its lifeline, and end it at once
      if (force) {
        process.toHandle().destroyForcibly();
      } else {
        process.toHandle().destroy();
      }
      if (SETSID != null) {
        // reading /proc is file I/O: off the event loop
        context.executeBlocking(() -> ProcessTree.signalGroup(pid, force, pid), false);
      }
    }
  }
}
