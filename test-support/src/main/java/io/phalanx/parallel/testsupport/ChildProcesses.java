package io.phalanx.parallel.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The processes this JVM started (worker JVMs, cluster nodes, a browser), found among its descendants by their
 * command line, for tests that must leave none running.
 */
public final class ChildProcesses {

  /** The main class of a worker JVM: what its command line holds. */
  public static final String WORKER_MAIN = "io.phalanx.parallel.worker.WorkerMain";

  private ChildProcesses() {
  }

  /** The live descendants whose command line holds {@code marker}. */
  public static List<ProcessHandle> alive(String marker) {
    return ProcessHandle.current().descendants()
      .filter(ProcessHandle::isAlive)
      .filter(p -> commandLine(p).contains(marker))
      .toList();
  }

  /**
   * Every live process of the machine whose command line holds {@code marker}, descendant of this JVM or not: a
   * grandchild whose parent died is no descendant any more, and is exactly what the tests of orphans look for.
   */
  public static List<ProcessHandle> anywhere(String marker) {
    return ProcessHandle.allProcesses()
      .filter(ProcessHandle::isAlive)
      .filter(p -> p.pid() != ProcessHandle.current().pid())
      .filter(p -> commandLine(p).contains(marker))
      .toList();
  }

  /**
   * Waits until some process anywhere holds {@code marker} in its command line; fails after {@code within}.
   *
   * @return those processes
   */
  public static List<ProcessHandle> awaitAnywhere(String marker, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<ProcessHandle> found = anywhere(marker);
    while (found.isEmpty() && System.nanoTime() < deadline) {
      // the process table has no event for a new process: it is polled
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      found = anywhere(marker);
    }
    if (found.isEmpty()) {
      throw new AssertionError("no process with '" + marker + "' in its command line within " + within);
    }
    return found;
  }

  /**
   * Waits for every process anywhere whose command line holds {@code marker} to be gone; fails naming (and killing)
   * the survivors.
   */
  public static void assertGoneAnywhere(String marker, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<ProcessHandle> alive = anywhere(marker);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      alive.forEach(p -> p.onExit().completeOnTimeout(p, 50, TimeUnit.MILLISECONDS).join());
      alive = anywhere(marker);
    }
    if (!alive.isEmpty()) {
      List<Long> pids = alive.stream().map(ProcessHandle::pid).toList();
      alive.forEach(ProcessHandle::destroyForcibly);
      throw new AssertionError("processes with '" + marker + "' still alive after " + within + ": " + pids);
    }
  }

  /** As {@link #assertNoneAlive(String, String, Duration)}, naming them by the marker. */
  public static void assertNoneAlive(String marker, Duration within) {
    assertNoneAlive(marker, "processes matching '" + marker + "'", within);
  }

  /**
   * Waits for every descendant whose command line holds {@code marker} to be gone (there is no event for another
   * process's exit: the process table is polled) and fails naming the survivors, after killing them so that one
   * failing test does not leak processes into the next.
   *
   * @param what how the failure names them, e.g. "worker processes"
   */
  public static void assertNoneAlive(String marker, String what, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    List<ProcessHandle> alive = alive(marker);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      alive.forEach(p -> p.onExit().completeOnTimeout(p, 50, TimeUnit.MILLISECONDS).join());
      alive = alive(marker);
    }
    if (!alive.isEmpty()) {
      List<Long> pids = alive.stream().map(ProcessHandle::pid).toList();
      alive.forEach(ProcessHandle::destroyForcibly);
      throw new AssertionError(what + " still alive: " + pids);
    }
  }

  /**
   * The whole command line: {@code ProcessHandle.Info} gives none once it is longer than about 4 KiB (the JDK reads
   * one page of {@code /proc/<pid>/cmdline}), and a worker's class path alone is often longer.
   */
  public static String commandLine(ProcessHandle process) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return process.info().commandLine()
        .or(() -> process.info().arguments().map(args -> String.join(" ", args)))
        .orElse("");
    }
  }
}
