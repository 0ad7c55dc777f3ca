package io.phalanx.parallel.impl.channel;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * A running worker JVM as the supervisor handles it: its process, its frame channel once the child has joined it,
 * and its output, which carries logs only. Every handler runs on the supervisor's context.
 */
public interface WorkerProcess {

  /** Receives the child's log output a line at a time. */
  @FunctionalInterface
  interface LogHandler {
    /**
     * @param stream {@code "stdout"} or {@code "stderr"}
     * @param line   one line, without its end, cut short when it is very long
     */
    void line(String stream, String line);
  }

  long pid();

  /**
   * @return completes once the child has connected to its channel and proven who it is; never completes for a child
   * that does not (the slot's start timeout covers that)
   */
  Future<FrameChannel> channel();

  /**
   * Sets the handlers; called once, before anything is delivered.
   *
   * @param log       each line the child writes on stdout or stderr
   * @param logsEnded both output streams ended (a process holding them open, a grandchild for instance, delays it)
   * @param exit      the process's exit status (128 + N after signal N), reported as soon as the process is gone,
   *                  whatever still holds its streams
   */
  void handlers(LogHandler log, Handler<Void> logsEnded, Handler<Integer> exit);

  /**
   * @return completes once the process and every process of its group are gone (those left after its exit are
   * killed); the supervisor's stop waits for this
   */
  Future<Void> ended();

  /** Closes the child's stdin, its lifeline: the child exits at once, whatever it runs. */
  void closeLifeline();

  /** Sends SIGTERM, or SIGKILL when {@code force}, to the process and to every process of its group. */
  void kill(boolean force);

  /**
   * Asks the JVM to print a thread dump on its output (SIGQUIT to the worker itself, not to its group), where it
   * arrives as log lines. Does nothing where signals cannot be sent.
   */
  default void dumpThreads() {
  }

  /**
   * @return whether the process is stopped (SIGSTOP or a debugger): nothing it could tell arrives before it is
   * continued. {@code false} where that cannot be known
   */
  default Future<Boolean> stopped() {
    return Future.succeededFuture(false);
  }
}
