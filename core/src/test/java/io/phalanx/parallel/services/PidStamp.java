package io.phalanx.parallel.services;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local service: built in every process, it remembers the process and thread it was built in.
 */
public record PidStamp(long pid, String thread) {

  /** How many were built in this JVM. */
  public static final AtomicInteger BUILT = new AtomicInteger();

  public static PidStamp here() {
    BUILT.incrementAndGet();
    return new PidStamp(ProcessHandle.current().pid(), Thread.currentThread().getName());
  }
}
