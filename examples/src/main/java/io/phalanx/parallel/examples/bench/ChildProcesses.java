package io.phalanx.parallel.examples.bench;

import java.util.concurrent.TimeUnit;

/** The benchmark's own child processes (the peers' scripts, the big-heap JVMs), which must not outlive their step. */
final class ChildProcesses {

  private ChildProcesses() {
  }

  /**
   * Waits for {@code process} until {@code timeout}; if it is still alive then, or the wait was interrupted, ends it
   * and its own children.
   *
   * @return whether it ended by itself in time
   */
  static boolean awaitOrEnd(Process process, long timeout, TimeUnit unit) throws InterruptedException {
    try {
      return process.waitFor(timeout, unit);
    } finally {
      if (process.isAlive()) {
        // its own children (a pool) first, while they can still be found through it
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    }
  }
}
