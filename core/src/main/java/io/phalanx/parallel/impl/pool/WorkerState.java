package io.phalanx.parallel.impl.pool;

/**
 * The life of one worker slot.
 * <pre>
 * STARTING ─ready─► IDLE ⇄ PROCESSING ─drain─► DRAINING ─exit─► STOPPED
 *     └──────────────┴───────┴─ crash ─► CRASHED ─restart─► STARTING
 * </pre>
 */
public enum WorkerState {
  /** Spawned, waiting for its {@code ready} frame. */
  STARTING,
  /** Live, nothing running. */
  IDLE,
  /** Live, running one task. */
  PROCESSING,
  /** Finishing its running task before exiting; takes nothing new. */
  DRAINING,
  /** Died unexpectedly; down until restarted (if ever). */
  CRASHED,
  /** Exited as asked; final. */
  STOPPED;

  /**
   * @return whether the worker can take tasks into its mailbox
   */
  public boolean isLive() {
    return this == IDLE || this == PROCESSING;
  }
}
