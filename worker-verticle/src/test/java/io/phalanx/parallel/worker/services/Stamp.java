package io.phalanx.parallel.worker.services;

/**
 * A local service: remembers the pid and thread it was built in.
 */
public record Stamp(long pid, String thread) {

  public static Stamp here() {
    return new Stamp(ProcessHandle.current().pid(), Thread.currentThread().getName());
  }
}
