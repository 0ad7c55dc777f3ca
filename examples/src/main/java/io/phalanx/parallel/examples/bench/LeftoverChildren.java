package io.phalanx.parallel.examples.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The child processes still alive when the benchmark ends. There should be none: the pools were undeployed and the
 * bare children waited for; one left behind would skew the next run and point at a leak in what was measured.
 */
final class LeftoverChildren {

  private LeftoverChildren() {
  }

  /**
   * Waits a little for stragglers, then kills any left (all of them are this JVM's own children).
   *
   * @return a description of the children that had to be killed, or {@code null}
   */
  static String reap() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive)) {
        return null;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    if (left.isEmpty()) {
      return null;
    }
    String description = left.stream().map(p -> p.pid() + " " + p.info().command().orElse("?"))
      .collect(Collectors.joining(", "));
    left.forEach(ProcessHandle::destroyForcibly);
    return String.format(Locale.ROOT, "child processes still alive at the end, killed: %s", description);
  }
}
