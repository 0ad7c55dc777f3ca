package io.phalanx.parallel.impl;

import io.vertx.core.Handler;

/**
 * A running worker JVM as the supervisor handles it. Every handler runs on the supervisor's context.
 */
public interface WorkerProcess {

  long pid();

  /**
   * Writes bytes to the child's stdin. The array is the caller's no more: it is written as it is, without a copy.
   */
  void write(byte[] bytes);

  /**
   * Closes the child's stdin: a worker exits when its stdin closes.
   */
  void closeStdin();

  /**
   * Sets the handlers of the child's output streams and exit. Called once, before any output is delivered.
   *
   * @param stdout    chunks of stdout, not split into lines; each array is the handler's own
   * @param stdoutEnd the child closed its stdout (it usually exits right after)
   * @param stderr    chunks of stderr, not split into lines; each array is the handler's own
   * @param stderrEnd the child closed its stderr; the last lines a crashing JVM writes may arrive after its exit
   * @param exit      the exit status (the signal number after a kill)
   */
  void handlers(Handler<byte[]> stdout, Handler<Void> stdoutEnd, Handler<byte[]> stderr, Handler<Void> stderrEnd,
                Handler<Integer> exit);

  /**
   * Lets {@code tap} see each stdout chunk on the thread that read it, before the chunk is queued for the stdout
   * handler (the same array: the tap must not change it); what the tap returns (if not {@code null}) runs on that
   * thread right after the chunk is queued. Processes that deliver their output otherwise ignore it: the tap is an
   * optimization, never needed for correctness.
   */
  default void tapStdout(java.util.function.Function<byte[], Runnable> tap) {
  }

  /**
   * Sends SIGTERM, or SIGKILL when {@code force}.
   */
  void kill(boolean force);
}
