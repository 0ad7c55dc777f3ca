package io.phalanx.parallel.impl;

import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.MailboxOverflowException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.SupervisorStrategy;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.protocol.FrameCodec;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The workers of one supervisor, the dispatcher that chooses among them, and what happens when one crashes.
 * Confined to the supervisor's context.
 */
public final class WorkerPool implements WorkerHandle.Listener {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.supervisor");

  private final ParallelConfig config;
  private final String address;
  private final Clock clock;
  private final TaskEncoder encoder;
  private final Dispatcher dispatcher;
  private final RestartPolicy restartPolicy;
  private final List<WorkerHandle> workers;
  private final int[] consecutiveRestarts;
  private final long[] restartTimers;
  private boolean started;
  private boolean draining;
  private long nextTaskId;

  public WorkerPool(ParallelConfig config, ProcessLauncher launcher, Clock clock, ClassLoader taskLoader) {
    this.config = new ParallelConfig(config);
    this.address = config.getAddress();
    this.clock = clock;
    FrameCodec codec = new FrameCodec(Codecs.MAPPER, config.getMaxFrameBytes());
    this.encoder = new TaskEncoder(codec, address, taskLoader);
    this.dispatcher = Dispatcher.of(config.getDispatcher());
    this.restartPolicy = restarts -> Math.min(10_000L, 100L << Math.min(restarts, 10));
    WorkerCommand command = new WorkerCommand(config);
    List<WorkerHandle> handles = new ArrayList<>();
    for (int i = 0; i < config.getAgents(); i++) {
      handles.add(new WorkerHandle(i, address, this.config, command, launcher, clock, codec, this));
    }
    this.workers = Collections.unmodifiableList(handles);
    this.consecutiveRestarts = new int[handles.size()];
    this.restartTimers = new long[handles.size()];
    java.util.Arrays.fill(restartTimers, -1);
  }

  public String address() {
    return address;
  }

  public int size() {
    return workers.size();
  }

  List<WorkerHandle> workers() {
    return workers;
  }

  /**
   * Starts every worker at once.
   *
   * @return completes when all sent {@code ready}; otherwise stops those that started and fails with the first
   * reason
   */
  public Future<Void> start() {
    List<Future<Void>> starts = new ArrayList<>();
    for (WorkerHandle worker : workers) {
      starts.add(worker.start());
    }
    return Future.join(starts).transform(ar -> {
      if (ar.succeeded()) {
        started = true;
        LOG.log(System.Logger.Level.INFO, "pool '" + address + "' started " + workers.size() + " workers");
        return Future.succeededFuture();
      }
      Throwable first = null;
      for (Future<Void> start : starts) {
        if (start.failed()) {
          first = start.cause();
          break;
        }
      }
      String reason = first == null ? String.valueOf(ar.cause()) : first.getMessage();
      return stop().transform(stopped -> Future.failedFuture(
        new WorkerCrashedException("pool '" + address + "' could not start: " + reason)));
    });
  }

  /**
   * Accepts a request: checks it, picks a worker and puts the task in its mailbox, or fails the request at once.
   *
   * @param body        a {@code Task}, a JSON request or a task from another cluster node
   * @param workerIndex the worker to use, or -1 to let the dispatcher choose
   */
  public void submit(Object body, int workerIndex, TaskOutcome outcome) {
    if (draining) {
      outcome.failed(new PoolUnavailableException("pool '" + address + "' is draining: it takes no new tasks"));
      return;
    }
    TaskEncoder.Checked checked;
    try {
      checked = encoder.check(body);
    } catch (InvalidTaskException e) {
      outcome.failed(e);
      return;
    }
    WorkerHandle target = workerIndex >= 0 ? checkedWorker(workerIndex, outcome) : selectWorker(outcome);
    if (target == null) {
      return;
    }
    long id = ++nextTaskId;
    byte[] frame;
    try {
      frame = encoder.encode(checked, id);
    } catch (InvalidTaskException e) {
      outcome.failed(e);
      return;
    }
    target.enqueue(new PendingTask(id, checked.className(), frame, outcome));
  }

  private WorkerHandle checkedWorker(int index, TaskOutcome outcome) {
    WorkerHandle worker = workers.get(index);
    if (!worker.state().isLive()) {
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
    long live = workers.stream().filter(w -> w.state().isLive()).count();
    if (live == 0) {
      outcome.failed(new PoolUnavailableException("pool '" + address + "' has no live worker (" + describeStates()
        + ")"));
    } else {
      outcome.failed(new MailboxOverflowException("every mailbox of pool '" + address + "' is full (" + live
        + " live workers, " + config.getMailboxLimit() + " waiting tasks each)"));
    }
    return null;
  }

  private String describeStates() {
    StringBuilder sb = new StringBuilder();
    for (WorkerHandle worker : workers) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(worker.id()).append(' ').append(worker.state());
    }
    return sb.toString();
  }

  @Override
  public void crashed(WorkerHandle worker, String reason) {
    if (draining || !started) {
      // a worker that fails while the pool starts fails the start instead
      return;
    }
    SupervisorStrategy strategy = config.getSupervision();
    if (strategy == SupervisorStrategy.RESTART_ON_CRASH) {
      int index = worker.index();
      long delay = restartPolicy.delay(consecutiveRestarts[index]);
      consecutiveRestarts[index]++;
      LOG.log(System.Logger.Level.INFO, worker.describe() + " restarts in " + delay + " ms");
      restartTimers[index] = clock.setTimer(delay, v -> {
        restartTimers[index] = -1;
        if (!draining) {
          worker.start().onSuccess(ready -> consecutiveRestarts[index] = 0);
        }
      });
    } else if (strategy == SupervisorStrategy.STOP_ALL) {
      LOG.log(System.Logger.Level.WARNING, "pool '" + address + "' stops every worker after the crash of "
        + worker.describe());
      stop();
    }
  }

  /**
   * Drains every worker: running tasks finish, queued ones fail with {@link PoolUnavailableException}, children exit.
   *
   * @return completes when every child has exited
   */
  public Future<Void> stop() {
    draining = true;
    for (int i = 0; i < restartTimers.length; i++) {
      if (restartTimers[i] >= 0) {
        clock.cancelTimer(restartTimers[i]);
        restartTimers[i] = -1;
      }
    }
    List<Future<Void>> stops = new ArrayList<>();
    for (WorkerHandle worker : workers) {
      stops.add(worker.stop());
    }
    return Future.join(stops).mapEmpty();
  }
}
