package io.phalanx.parallel.examples;

import io.phalanx.parallel.testsupport.ChildProcesses;

import java.time.Duration;

/**
 * The worker JVMs this test JVM started, found among its descendants by their main class.
 */
public final class WorkerProcesses {

  private WorkerProcesses() {
  }

  /** Waits for the worker JVMs of this test JVM to exit; fails naming (and killing) any that are left. */
  public static void assertNoWorkerAlive(Duration within) {
    ChildProcesses.assertNoneAlive(ChildProcesses.WORKER_MAIN, "worker processes (after Vert.x closed)", within);
  }
}
