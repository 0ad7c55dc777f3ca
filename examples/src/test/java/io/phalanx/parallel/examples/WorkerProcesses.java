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
public final class WorkerProcesses {

  private static final String WORKER_MAIN = "io.phalanx.parallel.worker.WorkerMain";

  private WorkerProcesses() {
  }

  /**
   * Waits for the worker JVMs of this test JVM to exit, on their own exit futures, up to a deadline; fails naming
   * any that are left (and kills them, so they do not outlive the build).
   */
  public static void assertNoWorkerAlive(Duration within) throws Exception {
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
      .filter(p -> commandLine(p).contains(WORKER_MAIN))
      .collect(Collectors.toList());
  }

  /**
   * The whole command line: {@code ProcessHandle.Info} gives none once it is longer than about 4 KiB (the JDK reads
   * one page of {@code /proc/<pid>/cmdline}), and a worker's class path alone is often longer.
   */
  private static String commandLine(ProcessHandle process) {
    try {
      byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(process.pid()),
        "cmdline"));
      return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (java.io.IOException | RuntimeException e) {
      return process.info().commandLine()
        .or(() -> process.info().arguments().map(args -> String.join(" ", args)))
        .orElse("");
    }
  }
}
