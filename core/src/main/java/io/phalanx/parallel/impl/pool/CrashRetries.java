package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PoisonTaskException;
import io.phalanx.parallel.TaskCancelledException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.Counted;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where the tasks that may be tried again after a crash go ({@code retriesOnCrash} above 0). A task that was written
 * to the dead process is tried again while it has retries left, on another live worker where there is one (one it
 * never died on, preferably, and the least loaded); with none, it waits for the first worker that is up again. A task
 * that was running on {@code poisonThreshold} dying workers fails with {@link PoisonTaskException} and never burns
 * another; one out of retries fails with {@link WorkerCrashedException} naming each attempt. A task that waited in
 * the dead worker's mailbox never ran: it moves the same way without using a retry, and one that may not be retried
 * moves to a live worker only with {@code redispatchOnCrash}.
 * <p>
 * A moved task joins the front of its new worker's mailbox even when it is full: the pool accepted it long ago, and a
 * crash must not turn it into a 429. For the same reason a new task that may be retried, sent while every worker is
 * down but one is coming back, waits here for it instead of failing with 503 (as many as the mailboxes could hold). Each retry and each poison task is counted in the stats and the metrics and
 * published as an event ({@code retried}, {@code poisoned}); request ids never are, since they can cancel.
 * Confined to the supervisor's context.
 */
final class CrashRetries {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.supervisor");

  private final String address;
  private final int poisonThreshold;
  /** Whether a task that may not be retried moves from a dead worker's mailbox ({@code redispatchOnCrash}). */
  private final boolean redispatch;
  private final Dispatcher dispatcher;
  /** The pool's workers as they are now (a pool may grow or shrink). */
  private final Supplier<List<WorkerHandle>> workers;
  private final PoolEvents events;
  private final Supplier<PoolMetricsRecorder> metrics;
  /** Whether some worker is live, or will be (starting, or restarting after its backoff). */
  private final BooleanSupplier workerComing;
  /** Tasks that found no live worker: they go to the first that is up. */
  private final List<PendingTask> waiting = new ArrayList<>();

  CrashRetries(String address, ParallelConfig config, Dispatcher dispatcher, Supplier<List<WorkerHandle>> workers,
               PoolEvents events, Supplier<PoolMetricsRecorder> metrics, BooleanSupplier workerComing) {
    this.address = address;
    this.poisonThreshold = config.getPoisonThreshold();
    this.redispatch = config.isRedispatchOnCrash();
    this.dispatcher = dispatcher;
    this.workers = workers;
    this.events = events;
    this.metrics = metrics;
    this.workerComing = workerComing;
  }

  /**
   * Tasks that were written to the process of {@code crashed} when it died, each with its attempt recorded: each is
   * tried again, or fails as poison, or fails with the crash once out of retries.
   */
  void retry(WorkerHandle crashed, List<PendingTask> tasks, WorkerCrashedException failure) {
    for (PendingTask task : tasks) {
      CrashAttempts crashes = task.crashes();
      CrashAttempts.Attempt last = crashes.last();
      if (crashes.runningDeaths() >= poisonThreshold) {
        poisoned(crashed, task);
      } else if (crashes.hasRetryLeft()) {
        int attempt = crashes.useRetry();
        metrics.get().retried(task);
        WorkerHandle target = place(task, crashed);
        LOG.log(System.Logger.Level.INFO, () -> task.taskClass() + " is tried again (attempt " + attempt + ") after "
          + crashed.describe() + " " + last.reason());
        events.publish(event("retried", crashed).put("task", task.taskClass()).put("attempt", attempt)
          .put("reason", last.reason()).put("to", target == null ? null : target.id()));
      } else {
        task.leave();
        task.fail(crashes.attempts().size() == 1 ? failure : new WorkerCrashedException(failure.getMessage()
          + "; " + task.taskClass() + " ran out of retries (" + crashes.retries() + "), each attempt ended with its "
          + "worker: " + crashes.describe(), last.stack()));
      }
    }
    failIfNoWorkerComes();
  }

  /**
   * The tasks that waited in the mailbox of {@code crashed}: they never ran. One that may be retried moves without
   * using a retry; another moves to a live worker only with {@code redispatchOnCrash}, and fails with the crash
   * otherwise, or when no worker takes it, or while the pool drains.
   */
  void placeQueued(WorkerHandle crashed, List<PendingTask> queued, WorkerCrashedException failure, boolean draining) {
    for (PendingTask task : queued) {
      if (task.mayRetry() && !draining) {
        // it never ran: a task that may even be retried surely may move
        place(task, crashed);
        continue;
      }
      if (!redispatch || draining) {
        task.leave();
        task.fail(failure);
        continue;
      }
      List<WorkerHandle> live = workers.get();
      int index = dispatcher.select(live);
      if (index < 0 || live.get(index) == crashed || !live.get(index).enqueue(task)) {
        task.leave();
        task.fail(failure);
      }
    }
  }

  /**
   * Whether a new task that may be retried may wait here while no worker is live: one is coming back (starting, or
   * restarting after its backoff), and fewer than {@code capacity} tasks wait (what the mailboxes could hold).
   */
  boolean mayHold(int capacity) {
    return waiting.size() < capacity && workerComing.getAsBoolean();
  }

  /** A new task waits for the first worker that is up (see {@link #mayHold}). */
  void hold(PendingTask task) {
    waiting.add(task);
  }

  /** A worker is up: the tasks that waited for one go now. */
  void workerReady() {
    List<PendingTask> ready = new ArrayList<>(waiting);
    waiting.clear();
    for (PendingTask task : ready) {
      place(task, null);
    }
  }

  /** Fails the waiting tasks when no worker is live and none will be (each gave up, or the pool stopped). */
  void failIfNoWorkerComes() {
    if (!waiting.isEmpty() && !workerComing.getAsBoolean()) {
      failWaiting(new WorkerCrashedException("pool '" + address + "' has no live worker left to try the task again"));
    }
  }

  void failWaiting(ParallelException failure) {
    List<PendingTask> failed = new ArrayList<>(waiting);
    waiting.clear();
    for (PendingTask task : failed) {
      task.leave();
      task.fail(failure);
    }
  }

  /** @return whether the task waited here for a worker: it is cancelled, and gone */
  boolean cancel(PendingTask task) {
    if (!waiting.remove(task)) {
      return false;
    }
    task.leave();
    task.fail(new TaskCancelledException(task.taskClass() + " was cancelled while it waited to be tried again (pool '"
      + address + "')"));
    return true;
  }

  /**
   * @param avoid the worker it just left, or {@code null}
   * @return the worker the task went to, or {@code null} when it waits for one
   */
  private WorkerHandle place(PendingTask task, WorkerHandle avoid) {
    WorkerHandle best = null;
    boolean bestFresh = false;
    for (WorkerHandle worker : workers.get()) {
      if (worker == avoid || !worker.isAccepting()) {
        continue;
      }
      boolean fresh = task.crashes() == null || !task.crashes().diedOn(worker.id());
      if (best == null || (fresh && !bestFresh) || (fresh == bestFresh && worker.load() < best.load())) {
        best = worker;
        bestFresh = fresh;
      }
    }
    if (best == null) {
      waiting.add(task);
      return null;
    }
    best.requeue(task);
    return best;
  }

  private void poisoned(WorkerHandle crashed, PendingTask task) {
    CrashAttempts crashes = task.crashes();
    String message = task.taskClass() + " was running on " + Counted.of(crashes.runningDeaths(), "worker") + " of pool '" + address
      + "' that died (ParallelConfig.setPoisonThreshold " + poisonThreshold + "): " + crashes.describe()
      + "; it is a poison task and is not tried again";
    LOG.log(System.Logger.Level.WARNING, message);
    metrics.get().poisoned();
    JsonArray attempts = new JsonArray();
    for (CrashAttempts.Attempt attempt : crashes.attempts()) {
      attempts.add(new JsonObject().put("worker", attempt.worker()).put("pid", attempt.pid())
        .put("reason", attempt.reason()).put("running", attempt.running()));
    }
    events.publish(event("poisoned", crashed).put("task", task.taskClass()).put("attempts", attempts));
    task.leave();
    task.fail(new PoisonTaskException(message, crashes.last().stack()));
  }

  private JsonObject event(String type, WorkerHandle worker) {
    return new JsonObject()
      .put("type", type)
      .put("address", address)
      .put("worker", worker.id())
      .put("time", System.currentTimeMillis());
  }
}
