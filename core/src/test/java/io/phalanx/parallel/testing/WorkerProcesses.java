package io.phalanx.parallel.testing;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The worker JVMs this test JVM started, found among its descendants by their main class.
 */
public final class WorkerProcesses {

  private static final String MAIN_CLASS = "io.phalanx.parallel.worker.WorkerMain";

  private WorkerProcesses() {
  }

  public static List<ProcessHandle> alive() {
    return ProcessHandle.current().descendants()
      .filter(ProcessHandle::isAlive)
      .filter(p -> p.info().commandLine().map(c -> c.contains(MAIN_CLASS)).orElse(false)
        || p.info().arguments().map(a -> List.of(a).contains(MAIN_CLASS)).orElse(false))
      .collect(Collectors.toList());
  }

  public static List<Long> alivePids() {
    return alive().stream().map(ProcessHandle::pid).collect(Collectors.toList());
  }

  /**
   * Waits for every worker process of this JVM to be gone, by polling the process table (there is no event to
   * await for another process's exit), and fails naming the survivors. Survivors are killed so that one failing
   * test does not leak processes into the next.
   */
  public static void assertNoneAlive(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<ProcessHandle> alive = alive();
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      alive.forEach(p -> p.onExit().completeOnTimeout(p, 50, java.util.concurrent.TimeUnit.MILLISECONDS).join());
      alive = alive();
    }
    if (!alive.isEmpty()) {
      List<Long> pids = alive.stream().map(ProcessHandle::pid).collect(Collectors.toList());
      alive.forEach(ProcessHandle::destroyForcibly);
      throw new AssertionError("worker processes still alive: " + pids);
    }
  }
}
