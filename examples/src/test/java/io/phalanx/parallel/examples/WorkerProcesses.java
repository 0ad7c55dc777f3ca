package io.phalanx.parallel.examples;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The worker JVMs this test JVM started, found among its descendants by their main class.
 */
final class WorkerProcesses {

  private static final String WORKER_MAIN = "io.phalanx.parallel.worker.WorkerMain";

  private WorkerProcesses() {
  }

  /**
   * Waits for the worker JVMs of this test JVM to exit, on their own exit futures, up to a deadline; fails naming
   * any that are left (and kills them, so they do not outlive the build).
   */
  static void assertNoWorkerAlive(Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    List<ProcessHandle> alive = workersAlive();
    while (!alive.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        CompletableFuture.allOf(alive.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
          .get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        break;
      }
      alive = workersAlive();
    }
    alive = workersAlive();
    if (!alive.isEmpty()) {
      List<Long> pids = alive.stream().map(ProcessHandle::pid).collect(Collectors.toList());
      alive.forEach(ProcessHandle::destroyForcibly);
      throw new AssertionError("worker processes still alive after Vert.x closed: " + pids);
    }
  }

  private static List<ProcessHandle> workersAlive() {
    return ProcessHandle.current().descendants()
      .filter(ProcessHandle::isAlive)
      .filter(p -> p.info().commandLine().map(line -> line.contains(WORKER_MAIN)).orElse(false)
        || p.info().arguments().map(args -> List.of(args).contains(WORKER_MAIN)).orElse(false))
      .collect(Collectors.toList());
  }
}
