package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.channel.ExitStatus;
import io.phalanx.parallel.impl.channel.StderrTail;

/**
 * What explains a worker's end: the last lines its current process wrote (on stdout or stderr: logs either way) and
 * the words for its exit. Each process of a slot starts a new report.
 */
final class CrashReport {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.worker");
  /** The last lines a worker wrote, kept to explain a crash. */
  static final int TAIL_LINES = 20;

  private final String workerId;
  private final StderrTail tail = new StderrTail(TAIL_LINES);
  private final LogBudget logged;

  CrashReport(String workerId) {
    this(workerId, new LogBudget(0, System::nanoTime));
  }

  /** @param logged how many of the lines are logged */
  CrashReport(String workerId, LogBudget logged) {
    this.workerId = workerId;
    this.logged = logged;
  }

  /** A line the process wrote: logged with the worker's id (within the budget), and kept for a crash message. */
  void line(String stream, String line) {
    if (line.isEmpty()) {
      return;
    }
    tail.add(line);
    boolean log = logged.take();
    tellLeftOut(logged.untold());
    if (log) {
      LOG.log(System.Logger.Level.INFO, "[" + workerId + " " + stream + "] " + line);
    }
  }

  /** The process's output ended: lines it wrote in its last second and left out of the log are told now. */
  void outputEnded() {
    tellLeftOut(logged.end());
  }

  private void tellLeftOut(long lines) {
    if (lines > 0) {
      LOG.log(System.Logger.Level.WARNING, "[" + workerId + "] " + lines + " lines of its output were left out of "
        + "this log: it wrote more than " + logged.perSecond() + " a second (ParallelConfig"
        + ".setWorkerLogLinesPerSecond)");
    }
  }

  /** Whether one of the last lines holds {@code text}. */
  boolean mentions(String text) {
    return tail.contains(text);
  }

  /**
   * @param who    the worker, as messages name it
   * @param pid    its process id, or -1 before it had one
   * @param reason what happened
   * @return the whole message: who, what, and the last lines it wrote
   */
  String message(String who, long pid, String reason) {
    return who + (pid > 0 ? " (pid " + pid + ")" : "") + " " + reason + tail.describe();
  }

  /** Why a process that exited before it was ready did. */
  String startExitReason(int status, WorkerCommand command) {
    if (tail.contains("Could not find or load main class " + WorkerCommand.MAIN_CLASS)) {
      return "cannot be started: the worker main class " + WorkerCommand.MAIN_CLASS + " is not on the worker class "
        + "path; add phalanx-parallel-worker and its dependencies (ParallelConfig.setClasspath), class path was '"
        + command.classpath() + "'";
    }
    if (command.fromModules() && tail.contains("java.lang.module.")) {
      return "cannot be started: its module graph does not resolve (" + command.launch() + ", code path "
        + command.codePath() + "); a worker starts from the parent's own modules, so the JDK it runs (ParallelConfig"
        + ".setJavaCommand) must find them too";
    }
    return "exited with " + ExitStatus.describe(status) + " before sending its ready frame";
  }
}
