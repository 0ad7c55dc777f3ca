package io.phalanx.parallel.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes this test JVM started (worker JVMs, chromedriver, chromium), found among its descendants by their
 * command line.
 */
final class ChildProcesses {

  private ChildProcesses() {
  }

  static List<ProcessHandle> alive(String marker) {
    return ProcessHandle.current().descendants()
      .filter(ProcessHandle::isAlive)
      .filter(p -> commandLine(p).contains(marker))
      .toList();
  }

  /**
   * Waits for every descendant whose command line holds {@code marker} to be gone (there is no event for another
   * process's exit: the process table is polled) and fails naming the survivors, after killing them so that one
   * failing test does not leak processes into the next.
   */
  static void assertNoneAlive(String marker, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<ProcessHandle> alive = alive(marker);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      alive.forEach(p -> p.onExit().completeOnTimeout(p, 50, TimeUnit.MILLISECONDS).join());
      alive = alive(marker);
    }
    if (!alive.isEmpty()) {
      List<Long> pids = alive.stream().map(ProcessHandle::pid).toList();
      alive.forEach(ProcessHandle::destroyForcibly);
      throw new AssertionError("processes matching '" + marker + "' still alive: " + pids);
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
