package io.phalanx.parallel.codegen;

import java.util.Set;

/**
 * The task index the {@link TaskProcessor} writes: every task class that passed the compile-time check, by binary
 * name, one per line. The worker runtime reads it ({@link io.phalanx.parallel.protocol.TaskIndex}) as the allowlist
 * of classes it may instantiate when the pool's task allowlist is {@code INDEX}.
 */
public final class TaskIndex {

  /** Where the index lives, relative to the class output (and so to the class path). */
  public static final String RESOURCE = io.phalanx.parallel.protocol.TaskIndex.RESOURCE;

  private TaskIndex() {
  }

  /**
   * Reads every {@link #RESOURCE} visible to {@code loader}.
   *
   * @return the binary names listed, sorted, without duplicates; empty when no index is found
   */
  public static Set<String> load(ClassLoader loader) {
    return io.phalanx.parallel.protocol.TaskIndex.load(loader);
  }
}
