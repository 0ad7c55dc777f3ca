package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.impl.Clock;
import io.vertx.core.Future;

/**
 * Cancelling the tasks of one worker slot: a waiting task leaves the mailbox, a running one is told and, past the
 * cancel grace period, its process is killed. Part of {@link SlotTasks}, which owns the mailbox and the tasks in flight.
 * <p>
 * Confined to the supervisor's context.
 */
final class SlotCancellation {

  private final ParallelConfig config;
  private final Clock clock;
  private final TaskSlot slot;
  private final Mailbox mailbox;
  private final InFlightTasks inFlight;

  SlotCancellation(ParallelConfig config, Clock clock, TaskSlot slot, Mailbox mailbox, InFlightTasks inFlight) {
    this.config = config;
    this.clock = clock;
    this.slot = slot;
    this.mailbox = mailbox;
    this.inFlight = inFlight;
  }

  /**
   * Cancels a task of this worker. A waiting task leaves the mailbox and never runs. A running task is told (its
   * {@code isCancelled()} turns true) and, if it has not finished after the cancel grace period, its process is
   * killed and replaced like after a timeout. The caller is answered with {@link TaskCancelledException} at once.
   *
   * @return completes when the task is neither waiting nor running any more
   */
  Future<Void> cancel(PendingTask task) {
    TaskCancelledException cancelled = new TaskCancelledException(task.taskClass() + " was cancelled ("
      + slot.describe() + ")");
    if (mailbox.remove(task)) {
      task.leave();
      task.fail(cancelled);
      return task.gone();
    }
    if (!inFlight.contains(task)) {
      return task.gone();
    }
    task.fail(cancelled);
    slot.channel().sendCancel(task.id());
    if (inFlight.head() == task) {
      armCancelGrace(task);
    }
    // a prefetched task leaves when the child answers that it dropped it
    return task.gone();
  }

  /** Kills the process if the running task {@code task}, cancelled, is still running after the grace period. */
  void armCancelGrace(PendingTask task) {
    long gen = slot.generation();
    clock.setTimer(config.getCancelGracePeriod(), v -> {
      if (gen == slot.generation() && inFlight.head() == task) {
        inFlight.remove(task);
        String why = "killed after " + task.taskClass() + " ignored its cancellation for "
          + config.getCancelGracePeriod() + " ms";
        if (slot.state() == WorkerState.DRAINING) {
          slot.killProcess();
        } else {
          slot.replace(false, why);
        }
        // the worker is replaced before anyone hears that the task is gone
        task.leave();
      }
    });
  }
}
