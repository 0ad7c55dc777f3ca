package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.MailboxOverflowException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.codec.TaskEncoder;
import io.phalanx.parallel.impl.tracing.TaskSpan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How a {@link WorkerPool} takes a task: it checks the request, picks the worker (the one asked for, or the
 * dispatcher's choice), encodes the task and puts it in that worker's mailbox, or holds it for a worker coming back
 * ({@link CrashRetries}); otherwise the request fails at once. It also finds the tasks again by their cancel key.
 * <p>
 * Confined to the supervisor's context.
 */
final class TaskAdmission {

  private final ParallelConfig config;
  private final String address;
  private final TaskEncoder encoder;
  private final Dispatcher dispatcher;
  private final PoolSlots slots;
  private final List<WorkerHandle> workers;
  private final PoolSize size;
  private final CrashRetries crashRetries;
  private final Supplier<PoolMetricsRecorder> metrics;
  /** Why the pool takes no task now (it drains), or {@code null} while it takes them. */
  private final Supplier<String> refusal;
  /** The tasks that may be cancelled, by cancel key, until they are gone. */
  private final Map<Object, PendingTask> cancellable = new HashMap<>();
  private final PendingBytes pendingBytes;
  private long nextTaskId;

  TaskAdmission(ParallelConfig config, TaskEncoder encoder, Dispatcher dispatcher, PoolSlots slots, PoolSize size,
                CrashRetries crashRetries, Supplier<PoolMetricsRecorder> metrics, Supplier<String> refusal) {
    this.config = config;
    this.address = config.getAddress();
    this.encoder = encoder;
    this.dispatcher = dispatcher;
    this.slots = slots;
    this.workers = slots.all();
    this.size = size;
    this.crashRetries = crashRetries;
    this.metrics = metrics;
    this.refusal = refusal;
    this.pendingBytes = PendingBytes.of(config);
  }

  /** @return the bytes of the encoded tasks the pool holds now */
  long pendingBytes() {
    return pendingBytes.held();
  }

  /** @return the task submitted with this cancel key and not gone yet, or {@code null} */
  PendingTask cancellable(Object cancelKey) {
    return cancellable.get(cancelKey);
  }

  /** See {@link WorkerPool#submit(Object, int, long, Object, int, TaskSpan, TaskOutcome)}. */
  void accept(Object body, int workerIndex, long timeout, Object cancelKey, int retries, TaskSpan span,
                      TaskOutcome outcome) {
    String refused = refusal.get();
    if (refused != null) {
      outcome.failed(new PoolUnavailableException(refused));
      return;
    }
    if (cancelKey != null && cancellable.containsKey(cancelKey)) {
      // a second request under the same id would take over the first one's cancellation
      outcome.failed(new InvalidTaskException("request id " + cancelKey + " is already in use by a task of pool '"
        + address + "': each request needs an id of its own"));
      return;
    }
    TaskEncoder.Checked checked;
    try {
      checked = encoder.check(body);
    } catch (InvalidTaskException e) {
      outcome.failed(e);
      return;
    }
    // a sender may lower the pool's retries for its task, never raise them
    int allowed = retries < 0 ? config.getRetriesOnCrash() : Math.min(retries, config.getRetriesOnCrash());
    // one that may be retried waits for a worker coming back, rather than fail because none is live this moment
    boolean hold = workerIndex < 0 && allowed > 0 && workers.stream().noneMatch(WorkerHandle::isAccepting)
      && crashRetries.mayHold(workers.size() * (config.getMailboxLimit() + 1));
    WorkerHandle target = hold ? null : workerIndex >= 0 ? checkedWorker(workerIndex, outcome) : selectWorker(outcome);
    if (target == null && !hold) {
      return;
    }
    long id = ++nextTaskId;
    byte[] frame;
    try {
      frame = encoder.encode(checked, id, span == null ? null : span.headers());
    } catch (InvalidTaskException e) {
      outcome.failed(e);
      return;
    }
    if (!pendingBytes.fits(frame.length)) {
      outcome.failed(new MailboxOverflowException(pendingBytes.refusal(address, frame.length)));
      return;
    }
    PendingTask task = new PendingTask(id, checked.className(), frame, effectiveTimeout(timeout), outcome);
    task.retriesOnCrash(allowed);
    task.span = span;
    if (cancelKey != null) {
      if (cancelKey instanceof String requestId) {
        task.requestId(requestId);
      }
      cancellable.put(cancelKey, task);
      task.gone().onComplete(gone -> cancellable.remove(cancelKey, task));
    }
    metrics.get().enqueued(task);
    if (hold) {
      crashRetries.hold(task);
    } else if (!target.enqueue(task)) {
      task.leave();
      outcome.failed(new MailboxOverflowException(target.describe() + " could not take the task"));
      return;
    }
    pendingBytes.hold(task);
    size.loaded(false);
  }

  /**
   * The pool's task timeout is a ceiling: a request may ask for less, never for more or for none (0 and -1 ask for
   * nothing of their own). With no pool timeout, the request's own applies.
   */
  long effectiveTimeout(long requested) {
    long ceiling = config.getTaskTimeout();
    if (requested <= 0) {
      return ceiling;
    }
    return ceiling == 0 ? requested : Math.min(ceiling, requested);
  }

  private WorkerHandle checkedWorker(int index, TaskOutcome outcome) {
    WorkerHandle worker = slots.byIndex(index);
    if (worker == null || worker.isRetiring()) {
      outcome.failed(new PoolUnavailableException("worker-" + index + " of pool '" + address + "' is "
        + (worker == null ? "not running" : "retiring") + ": the pool has " + size.target() + " workers ("
        + slots.describeStates() + ")"));
      return null;
    }
    if (!worker.isAccepting()) {
      outcome.failed(new PoolUnavailableException(worker.describe() + " is " + worker.state()
        + (worker.lastCrashReason() != null ? " (last crash: " + worker.lastCrashReason() + ")" : "")));
      return null;
    }
    if (!worker.canAccept()) {
      outcome.failed(new MailboxOverflowException("the mailbox of " + worker.describe() + " is full ("
        + config.getMailboxLimit() + " waiting tasks)"));
      return null;
    }
    return worker;
  }

  private WorkerHandle selectWorker(TaskOutcome outcome) {
    int index = dispatcher.select(workers);
    if (index >= 0) {
      return workers.get(index);
    }
    long accepting = workers.stream().filter(WorkerHandle::isAccepting).count();
    if (accepting == 0) {
      outcome.failed(new PoolUnavailableException("pool '" + address + "' has no live worker ("
        + slots.describeStates() + ")"));
    } else {
      outcome.failed(new MailboxOverflowException("every mailbox of pool '" + address + "' is full (" + accepting
        + " live workers, " + config.getMailboxLimit() + " waiting tasks each)"));
      size.loaded(true);
    }
    return null;
  }
}
