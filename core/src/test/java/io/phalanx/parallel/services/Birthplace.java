package io.phalanx.parallel.services;

/** A local service registered by its class: remembers the process it was built in. */
public class Birthplace {

  private final long pid = ProcessHandle.current().pid();

  public long pid() {
    return pid;
  }
}
