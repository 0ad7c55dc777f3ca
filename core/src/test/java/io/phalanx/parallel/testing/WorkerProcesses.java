package io.phalanx.parallel.testing;

import io.phalanx.parallel.testsupport.ChildProcesses;

import java.time.Duration;
import java.util.List;

/**
 * The worker JVMs this test JVM started, found among its descendants by their main class.
 */
public final class WorkerProcesses {

  private WorkerProcesses() {
  }

  public static List<ProcessHandle> alive() {
    return ChildProcesses.alive(ChildProcesses.WORKER_MAIN);
  }

  public static List<Long> alivePids() {
    return alive().stream().map(ProcessHandle::pid).toList();
  }

  /** Waits for every worker process of this JVM to be gone; fails naming (and killing) the survivors. */
  public static void assertNoneAlive(Duration within) {
    ChildProcesses.assertNoneAlive(ChildProcesses.WORKER_MAIN, "worker processes", within);
  }
}
