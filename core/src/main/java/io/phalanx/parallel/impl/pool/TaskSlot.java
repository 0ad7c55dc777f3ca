package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.channel.WorkerChannel;
import java.util.function.Consumer;

/**
 * What the tasks of a worker slot ({@link SlotTasks}) need of the slot that owns its processes
 * ({@link SlotLifecycle}): its state, the channel to write to, and a new process when a task's fate calls for one.
 */
interface TaskSlot {

  WorkerState state();

  /** Marks the slot idle or processing, as its tasks come and go. */
  void state(WorkerState state);

  /** The current process's channel. */
  WorkerChannel channel();

  /** Changes whenever the slot's process changes or ends: a timer of an earlier generation is void. */
  long generation();

  String describe();

  /** Swaps the process for a fresh one, keeping the mailbox (which {@link SlotTasks} requeues first). */
  void replace(boolean graceful, String reason);

  /** Ends the process at once, without a replacement (the slot is draining). */
  void killProcess();

  /**
   * Ends the process whose task {@code taskId} ran past its timeout, replacing it unless the slot is draining:
   * first it learns where that task is, within the stack dump timeout, then tells {@code then} (the stack, or
   * {@code null}).
   */
  void killForTimeout(long taskId, String reason, Consumer<StackTraceElement[]> then);

  void protocolError(String detail);
}
