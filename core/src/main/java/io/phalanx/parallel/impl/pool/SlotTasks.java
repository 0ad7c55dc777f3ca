package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PayloadTooLargeException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.impl.Clock;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Future;

import java.util.List;

/**
 * The task side of a worker slot: its bounded mailbox, the tasks written to its current process
 * ({@link InFlightTasks}), their timeouts, their cancellation and their answers. The slot ({@link WorkerHandle})
 * owns the processes; this class asks it for the one to write to and tells it when a task's fate calls for a new one
 * (a timeout, an ignored cancellation, recycling).
 * <p>
 * Confined to the supervisor's context.
 */
final class SlotTasks {

  private final ParallelConfig config;
  private final Clock clock;
  private final TaskSlot slot;
  private final Mailbox mailbox;
  private final InFlightTasks inFlight;
  private long taskTimer = -1;
  private long tasksDone;
  private long processTasksDone;
  private long lastHeapUsed = -1;
  private final RecycleRules recycling;
  private final SlotCancellation cancellation;

  SlotTasks(ParallelConfig config, Clock clock, TaskSlot slot) {
    this.config = config;
    this.clock = clock;
    this.slot = slot;
    this.mailbox = new Mailbox(config.getMailboxLimit());
    this.recycling = new RecycleRules(config);
    // recycling on a heap ceiling is decided after each response, when a prefetched task would already be running
    this.inFlight = new InFlightTasks(config.getMaxWorkerHeap() > 0 ? 0
      : Math.min(config.getPrefetch(), config.getMailboxLimit()));
    this.cancellation = new SlotCancellation(config, clock, slot, mailbox, inFlight);
  }

  long tasksDone() {
    return tasksDone;
  }

  long lastHeapUsed() {
    return lastHeapUsed;
  }

  RecycleRules recycling() {
    return recycling;
  }

  /** Tasks waiting: in the mailbox, or prefetched into the child behind the running one. */
  int queued() {
    return mailbox.size() + inFlight.prefetched();
  }

  int prefetched() {
    return inFlight.prefetched();
  }

  /** Tasks waiting plus the one running. */
  int load() {
    return mailbox.size() + inFlight.size();
  }

  boolean isRunningTask() {
    return !inFlight.isEmpty();
  }

  /** The id of the task running in the child, as far as the parent can tell; -1 when none. */
  long runningTaskId() {
    PendingTask head = inFlight.head();
    return head == null ? -1 : head.id();
  }

  boolean holds(PendingTask task) {
    return inFlight.contains(task) || mailbox.contains(task);
  }

  /** Every task the slot holds: written to its process, then waiting in its mailbox. */
  List<PendingTask> held() {
    List<PendingTask> held = new java.util.ArrayList<>(inFlight.all());
    held.addAll(mailbox.waiting());
    return held;
  }

  /** Whether an accepting slot has room for one more task. */
  boolean hasRoom() {
    return canSendNow() || queued() < mailbox.limit();
  }

  /** A new process of the slot: nothing was sent to it yet. */
  void processStarted() {
    processTasksDone = 0;
    recycling.processStarted();
  }

  // ------------------------------------------------------------------------------------------------ sending

  /**
   * @return whether the task was taken: sent at once, or put in the mailbox; {@code false} when the mailbox is full
   */
  boolean enqueue(PendingTask task) {
    if (canSendNow()) {
      send(task);
      return true;
    }
    return queued() < mailbox.limit() && mailbox.offer(task);
  }

  /** A task moved from a crashed worker: first in line, past the mailbox's limit. */
  void requeue(PendingTask task) {
    mailbox.pushFront(task);
    pump();
  }

  /** Whether the next task goes straight to the child: nothing waits before it and the child has room. */
  private boolean canSendNow() {
    return mailbox.size() == 0 && roomInChild();
  }

  private boolean roomInChild() {
    WorkerState state = slot.state();
    if (state != WorkerState.IDLE && state != WorkerState.PROCESSING) {
      return false;
    }
    // tasks wait in the mailbox, never in a write queue: a child that stops reading gets nothing more
    if (!slot.channel().canSendTask() || !inFlight.hasRoom() || recycling.isDue()) {
      return false;
    }
    // a process due for recycling gets no task it would not run
    return config.getMaxTasksPerWorker() <= 0 || processTasksDone + inFlight.size() < config.getMaxTasksPerWorker();
  }

  /** Sends the mailbox's tasks while the child has room. */
  void pump() {
    if (recycling.isDue() && inFlight.isEmpty() && slot.state().isLive()) {
      // a memory recycle waited for the tasks written ahead to the process: none is left
      slot.replace(true, recycling.due());
      return;
    }
    while (roomInChild()) {
      PendingTask next = mailbox.poll();
      if (next == null) {
        return;
      }
      send(next);
    }
  }

  private void send(PendingTask task) {
    task.sentAtNanos(clock.nanos());
    inFlight.add(task);
    slot.state(WorkerState.PROCESSING);
    slot.channel().sendTask(task.frame());
    if (inFlight.size() == 1) {
      headStarted();
    }
  }

  /**
   * The first of the sent tasks is now running in the child (as far as the parent can tell: the child starts it as
   * it answers the one before): its timeout, or the grace period of a cancellation it already had, runs from now.
   */
  private void headStarted() {
    PendingTask head = inFlight.head();
    if (head == null) {
      return;
    }
    // for the metrics a prefetched task is still waiting: it begins now
    head.sent();
    if (head.isDone()) {
      // cancelled (or dropped by a drain) while it waited in the child, which started it all the same
      cancellation.armCancelGrace(head);
    } else if (head.timeout() > 0) {
      long gen = slot.generation();
      taskTimer = clock.setTimer(head.timeout(), v -> {
        if (gen == slot.generation() && inFlight.head() == head) {
          onTaskTimeout(head);
        }
      });
    }
  }

  void cancelTaskTimer() {
    clock.cancelTimer(taskTimer);
  }

  /**
   * Tasks prefetched into a process that is being replaced have not started (the process ran the task before them
   * until the end): they go back to the front of the mailbox and run on the new process.
   */
  void requeueUnstarted() {
    cancelTaskTimer();
    List<PendingTask> unstarted = inFlight.takeAll();
    List<PendingTask> waiting = mailbox.drainAll();
    for (PendingTask task : unstarted) {
      if (task.isDone()) {
        task.leave();
      } else {
        mailbox.offer(task);
      }
    }
    waiting.forEach(mailbox::offer);
  }

  // ------------------------------------------------------------------------------------------------ ending

  /** A drain fails the prefetched tasks like the mailbox's, and tells the child to drop them. */
  void dropPrefetched(ParallelException failure) {
    for (PendingTask task : inFlight.behindHead()) {
      task.fail(failure);
      slot.channel().sendCancel(task.id());
    }
  }

  void failInFlight(ParallelException failure) {
    cancelTaskTimer();
    inFlight.failAll(failure);
  }

  /** The tasks of a process that died: those of its mailbox, and those written to it that may be tried again. */
  record Crashed(List<PendingTask> queued, List<PendingTask> retry) {
  }

  /**
   * The process died: the tasks written to it fail with {@code failure}, except those that may be tried again
   * (never while {@code stopping}), which record the attempt; the running one gets the stack of {@code running}.
   * While stopping, the mailbox's tasks fail too; otherwise they go to the pool.
   *
   * @param running how the attempt of the running task ended
   */
  Crashed crashed(CrashAttempts.Attempt running, io.phalanx.parallel.WorkerCrashedException failure,
                  boolean stopping) {
    List<PendingTask> queued = mailbox.drainAll();
    cancelTaskTimer();
    List<PendingTask> retry = CrashAttempts.triage(inFlight.takeAll(), !stopping, running, failure);
    if (stopping) {
      failAll(queued, failure);
      queued = List.of();
    }
    return new Crashed(queued, retry);
  }

  private static void failAll(List<PendingTask> tasks, ParallelException failure) {
    for (PendingTask task : tasks) {
      task.leave();
      task.fail(failure);
    }
  }

  /** The mailbox's tasks, for the pool to move to other workers; none remain. */
  List<PendingTask> takeQueued() {
    return mailbox.drainAll();
  }

  void failQueued(ParallelException failure) {
    failAll(mailbox.drainAll(), failure);
  }

  // ------------------------------------------------------------------------------------------------ cancellation

  /** See {@link SlotCancellation#cancel}. */
  Future<Void> cancel(PendingTask task) {
    return cancellation.cancel(task);
  }

  private void onTaskTimeout(PendingTask task) {
    inFlight.remove(task);
    String what = task.taskClass() + " ran past its timeout of " + task.timeout() + " ms";
    // no replacement for a worker on its way out: its exit completes the stop
    String killed = slot.state() == WorkerState.DRAINING ? "killed" : "killed and restarts";
    slot.killForTimeout(task.id(), "killed after " + what, stack -> {
      task.leave();
      task.fail(new TaskTimeoutException(what + " in " + slot.describe() + "; the worker was " + killed
        + StackCollector.where(stack), stack));
    });
  }

  // ------------------------------------------------------------------------------------------------ answers

  void onProgress(ProgressFrame progress) {
    PendingTask running = inFlight.head();
    if (running == null || running.id() != progress.id()) {
      slot.protocolError("sent progress for task " + progress.id() + ", which it is not running");
      return;
    }
    running.progress(TaskValue.ofFrame(progress.payload()));
  }

  void onResponse(TaskResponseFrame response) {
    PendingTask task = inFlight.head();
    if (task == null || task.id() != response.id()) {
      onOutOfTurnResponse(response.id());
      return;
    }
    if (response.ok()) {
      answered(task, response.heapUsed(), () -> task.succeed(TaskValue.ofFrame(response.result())));
    } else {
      answered(task, response.heapUsed(),
        () -> task.fail(RemoteFailures.toException(task.taskClass(), slot.describe(), response.error())));
    }
  }

  /** The running task's answer breaks a decoding limit: that task fails, the worker serves on. */
  void onResponseOverLimit(long taskId, String why) {
    PendingTask task = inFlight.head();
    if (task == null || task.id() != taskId) {
      onOutOfTurnResponse(taskId);
      return;
    }
    answered(task, lastHeapUsed, () -> task.fail(new PayloadTooLargeException("the answer of " + task.taskClass()
      + " in " + slot.describe() + " breaks a limit of the protocol: " + why)));
  }

  /**
   * The running task answered: the next one starts, the process may be recycled, then the caller hears.
   *
   * @param heapUsed the child's used heap after the task, as its response reports it (-1 when it does not)
   */
  private void answered(PendingTask task, long heapUsed, Runnable tellCaller) {
    cancelTaskTimer();
    inFlight.remove(task);
    inFlight.measure(task, clock.nanos());
    task.leave();
    tasksDone++;
    processTasksDone++;
    lastHeapUsed = heapUsed;
    headStarted();
    boolean draining = slot.state() == WorkerState.DRAINING;
    String recycle = draining ? null
      : recycling.afterTask(processTasksDone, heapUsed, slot.channel().process().pid(), inFlight.isEmpty());
    if (recycle != null) {
      slot.replace(true, recycle);
    } else if (!draining) {
      slot.state(inFlight.isEmpty() ? WorkerState.IDLE : WorkerState.PROCESSING);
    }
    tellCaller.run();
    if (!draining) {
      pump();
    }
  }

  /**
   * The child runs its tasks in order, so only a prefetched task it dropped on a cancel (answered at once, before
   * the running one) may be answered out of turn.
   */
  private void onOutOfTurnResponse(long id) {
    PendingTask dropped = inFlight.find(id);
    if (dropped == null || !dropped.isDone()) {
      slot.protocolError("answered task " + id + ", which it is not running");
      return;
    }
    inFlight.remove(dropped);
    dropped.leave();
    if (slot.state() != WorkerState.DRAINING) {
      if (inFlight.isEmpty()) {
        slot.state(WorkerState.IDLE);
      }
      pump();
    }
  }
}
