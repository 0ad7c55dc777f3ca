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
      .filter(p -> commandLine(p).contains(MAIN_CLASS))
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
