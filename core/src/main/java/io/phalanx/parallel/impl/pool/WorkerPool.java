package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.RestartPolicy;
import io.phalanx.parallel.SupervisorStrategy;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.Clock;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.channel.ProcessLauncher;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.impl.codec.PreparedTask;
import io.phalanx.parallel.impl.codec.TaskEncoder;
import io.phalanx.parallel.impl.metrics.RestartCause;
import io.phalanx.parallel.impl.services.ServiceCallHandler;
import io.phalanx.parallel.impl.tracing.TaskSpan;
import io.phalanx.parallel.impl.tracing.TaskTracing;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.task.Task;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The workers of one supervisor, the dispatcher that chooses among them, and what happens when one crashes. How many
 * workers there are is {@link PoolSize}'s business, their memory {@link MemoryBudget}'s. Confined to the supervisor's
 * context.
 */
public final class WorkerPool implements WorkerHandle.Listener {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.supervisor");

  private final ParallelConfig config;
  private final String address;
  private final Clock clock;
  private final PoolEvents events;
  private final Dispatcher dispatcher;
  private final Restarts restarts;
  private final WorkerCommand command;
  private final PoolSlots slots;
  private final List<WorkerHandle> workers;
  private final PoolSize size;
  private final MemoryBudget budget;
  private ServiceCallHandler services = ServiceCallHandler.REFUSE_ALL;
  private boolean started;
  /** Workers that crashed while the pool was starting: the strategy applies to them once the start succeeds. */
  private final List<WorkerHandle> crashedWhileStarting = new ArrayList<>();
  private final List<String> crashReasonsWhileStarting = new ArrayList<>();
  private boolean draining;
  private String stoppedBecause;
  private PoolMetricsRecorder metrics = PoolMetricsRecorder.counting();
  /** Supervision, round two: where the tasks that may be tried again after a crash go. */
  private final CrashRetries crashRetries;
  /** Takes the tasks: checks them, picks their worker and finds them again by their cancel key. */
  private final TaskAdmission admission;
  private final TaskEncoder encoder;
  private final OutstandingTasks outstanding;
  /** {@code null} unless Vert.x has a tracer: then no task of this pool ever touches tracing. */
  private TaskTracing tracing;

  public WorkerPool(ParallelConfig config, ProcessLauncher launcher, Clock clock, ClassLoader taskLoader,
                    PoolEvents events) {
    this(config, launcher, clock, taskLoader, events, RestartPolicy.exponentialBackoff(
      config.getRestartInitialDelay(), config.getRestartMaxDelay(), config.getRestartMultiplier()));
  }

  public WorkerPool(ParallelConfig config, ProcessLauncher launcher, Clock clock, ClassLoader taskLoader, PoolEvents events,
             RestartPolicy restartPolicy) {
    this(config, launcher, clock, taskLoader, events, restartPolicy, ResidentMemory.PROC);
  }

  /**
   * @param memory where the workers' resident memory is read (for {@code maxWorkerRss} and {@code maxPoolMemory})
   */
  public WorkerPool(ParallelConfig config, ProcessLauncher launcher, Clock clock, ClassLoader taskLoader, PoolEvents events,
             RestartPolicy restartPolicy, ResidentMemory memory) {
    this.config = new ParallelConfig(config);
    this.address = config.getAddress();
    this.clock = clock;
    this.events = events;
    FrameCodec codec = new FrameCodec(Codecs.MAPPER, config.getMaxFrameBytes());
    this.encoder = new TaskEncoder(codec, address, taskLoader, io.phalanx.parallel.tasktypes.AllowedTasks.of(
      config.getTaskAllowlist(), config.getAllowedTaskPackages(), taskLoader));
    this.dispatcher = Dispatcher.of(config.getDispatcher());
    this.restarts = new Restarts(this.config, restartPolicy, clock, events, () -> metrics, () -> draining);
    this.command = new WorkerCommand(config);
    this.slots = new PoolSlots(index -> new WorkerHandle(index, address, this.config, command, launcher, clock, codec,
      this, memory).services(services));
    this.workers = slots.all();
    this.outstanding = new OutstandingTasks(workers);
    this.size = new PoolSize(this.config, slots, dispatcher, events, () -> started && !draining, clock);
    this.budget = new MemoryBudget(slots, () -> started && !draining, config.getMaxPoolMemory(), clock, memory);
    for (int i = 0; i < size.target(); i++) {
      slots.add();
    }
    this.crashRetries = new CrashRetries(address, this.config, dispatcher, () -> workers, events, () -> metrics,
      () -> !draining && workers.stream().anyMatch(w -> w.isAccepting() || w.state() == WorkerState.STARTING
        || w.restartTimer() >= 0));
    this.admission = new TaskAdmission(this.config, encoder, dispatcher, slots, size, crashRetries, () -> metrics,
      () -> !draining ? null : stoppedBecause != null ? stoppedBecause
        : "pool '" + address + "' is draining: it takes no new tasks");
  }

  public String address() {
    return address;
  }

  /** @return how many workers the pool has (those an elastic pool is retiring not counted) */
  public int size() {
    return size.target();
  }

  /** @return the most workers the pool may have: the indexes of its workers are below it */
  public int maxSize() {
    return size.max();
  }

  public WorkerCommand command() {
    return command;
  }

  public List<WorkerHandle> workers() {
    return workers;
  }

  /**
   * Sets where the workers' calls to parent services go (by default they are all refused). Call before
   * {@link #start()}.
   */
  public void services(ServiceCallHandler services) {
    this.services = services;
    for (WorkerHandle worker : workers) {
      worker.services(services);
    }
  }

  /** Where the pool reports its tasks and restarts (by default only to its stats). Call before {@link #start()}. */
  public void metrics(PoolMetricsRecorder metrics) {
    this.metrics = metrics;
  }

  /** Traces the pool's tasks (by default they are not). Call before {@link #start()}. */
  public void tracing(TaskTracing tracing) {
    this.tracing = tracing;
  }

  /** @return the pool's tracing, or {@code null} when its tasks are not traced */
  public TaskTracing tracing() {
    return tracing;
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
        LOG.log(System.Logger.Level.INFO, "pool '" + address + "' started " + workers.size()
          + (workers.size() == 1 ? " worker" : " workers"));
        for (int i = 0; i < crashedWhileStarting.size(); i++) {
          WorkerHandle worker = crashedWhileStarting.get(i);
          if (worker.state() == io.phalanx.parallel.impl.pool.WorkerState.CRASHED) {
            applyStrategy(worker, crashReasonsWhileStarting.get(i));
          }
        }
        crashedWhileStarting.clear();
        crashReasonsWhileStarting.clear();
        size.started();
        budget.start();
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
   * Checks and encodes a task on the calling thread, whichever it is, for {@link #submit} to take as its body.
   *
   * @throws InvalidTaskException when {@link #submit} would refuse the task as invalid
   */
  public PreparedTask prepare(Task<?> task) throws InvalidTaskException {
    return encoder.prepare(task);
  }

  /**
   * Accepts a request: checks it, picks a worker and puts the task in its mailbox, or fails the request at once.
   *
   * @param body        a {@code Task}, a JSON request or a task from another cluster node
   * @param workerIndex the worker to use, or -1 to let the dispatcher choose
   * @param timeout     the timeout the request asks for in ms: -1 or 0 for none of its own (the pool's applies);
   *                    the pool's is a ceiling either way ({@link TaskAdmission#effectiveTimeout})
   */
  public void submit(Object body, int workerIndex, long timeout, TaskOutcome outcome) {
    submit(body, workerIndex, timeout, null, outcome);
  }

  /**
   * @param cancelKey what {@link #cancel(Object)} finds the task by: an event-bus caller's random request id, an
   *                  object only a local caller holds, or {@code null} when the task is never cancelled
   */
  public void submit(Object body, int workerIndex, long timeout, Object cancelKey, TaskOutcome outcome) {
    submit(body, workerIndex, timeout, cancelKey, -1, null, outcome);
  }

  /** Not traced. */
  public void submit(Object body, int workerIndex, long timeout, Object cancelKey, int retries, TaskOutcome outcome) {
    submit(body, workerIndex, timeout, cancelKey, retries, null, outcome);
  }

  /**
   * @param retries how often the task may be tried again after a crash: -1 for the pool's
   *                ({@link ParallelConfig#setRetriesOnCrash}), which also caps any other value
   * @param span    the task's span ({@link TaskTracing#start}), which its outcome ends; {@code null} when not traced
   */
  public void submit(Object body, int workerIndex, long timeout, Object cancelKey, int retries, TaskSpan span,
                     TaskOutcome outcome) {
    TaskOutcome counted = outstanding.counted(outcome);
    PoolMetricsRecorder.Submission submission = metrics.observe(span == null ? counted : span.around(counted));
    admission.accept(body, workerIndex, timeout, cancelKey, retries, span, submission);
    submission.submitted();
  }

  /**
   * @return the live workers less the tasks given and not answered a moment ago, negative while tasks wait for a
   *         worker: from any thread
   */
  public int idleWorkers() {
    return outstanding.idleWorkers();
  }

  // ------------------------------------------------------------------------------------------------ supervision

  @Override
  public void ready(WorkerHandle worker, boolean replacement) {
    if (!replacement) {
      // the healthy period that resets the backoff runs from a start after a crash, not from a recycle
      worker.restartTracker().up(clock.millis());
      size.ready(worker);
    }
    events.publish(event("started", worker).put("pid", worker.pid()));
    crashRetries.workerReady();
    outstanding.publish();
  }

  @Override
  public void replacing(WorkerHandle worker, String reason) {
    metrics.restarted(reason);
    events.publish(event("recycled", worker).put("reason", reason).put("limit", RestartCause.limitOf(reason)));
  }

  @Override
  public void crashed(WorkerHandle worker, String reason, WorkerCrashedException failure, List<PendingTask> queued) {
    outstanding.publish();
    crashRetries.placeQueued(worker, queued, failure, draining);
    events.publish(event("crashed", worker).put("reason", reason));
    if (draining || size.crashedWhileRetiring(worker)) {
      return;
    }
    if (!started) {
      // a worker that fails its own start fails the pool's start; one that was up and crashed is dealt with once
      // the pool has started
      crashedWhileStarting.add(worker);
      crashReasonsWhileStarting.add(reason);
      return;
    }
    applyStrategy(worker, reason);
    crashRetries.failIfNoWorkerComes();
  }

  @Override
  public void retry(WorkerHandle worker, List<PendingTask> tasks, WorkerCrashedException failure) {
    crashRetries.retry(worker, tasks, failure);
  }

  private void applyStrategy(WorkerHandle worker, String reason) {
    SupervisorStrategy strategy = config.getSupervision();
    if (strategy == SupervisorStrategy.RESTART_ON_CRASH) {
      restarts.schedule(worker);
    } else if (strategy == SupervisorStrategy.STOP_ALL) {
      stoppedBecause = "pool '" + address + "' stopped after " + worker.describe() + " crashed: " + reason;
      LOG.log(System.Logger.Level.WARNING, stoppedBecause);
      events.publish(event("stopping", worker).put("reason", reason));
      stop();
    }
  }

  // ------------------------------------------------------------------------------------------------ size

  /**
   * Sets how many workers the pool has, within [{@code minAgents}, {@code maxAgents}]: new workers start, or workers
   * retire (they take no new task, hand their waiting tasks to others, finish what they hold, then exit).
   *
   * @return the size, once the new workers are ready and the retired ones have exited; fails with
   * {@link IllegalArgumentException} for a size out of bounds, {@link PoolUnavailableException} while draining
   */
  public Future<Integer> resize(int agents) {
    return size.resize(agents);
  }

  /**
   * Cancels the task submitted with this cancel key (a request id, or a local caller's key).
   *
   * @return completes when the task is neither waiting nor running any more: {@code true} if it was cancelled,
   * {@code false} if no such task was waiting or running here
   */
  public Future<Boolean> cancel(Object cancelKey) {
    PendingTask task = admission.cancellable(cancelKey);
    if (task == null) {
      return Future.succeededFuture(false);
    }
    if (crashRetries.cancel(task)) {
      return Future.succeededFuture(true);
    }
    for (WorkerHandle worker : workers) {
      if (worker.holds(task)) {
        return worker.cancel(task).map(true);
      }
    }
    return task.gone().map(false);
  }

  /** @return the bytes of the encoded tasks the pool holds now ({@link PendingBytes}) */
  long pendingTaskBytes() {
    return admission.pendingBytes();
  }

  /** @return whether every worker is live (or replacing its process on purpose) */
  public boolean isHealthy() {
    return !draining && workers.stream().allMatch(worker -> worker.isRetiring() || worker.isAccepting());
  }

  public JsonObject stats() {
    return new JsonObject()
      .put("address", address)
      .put("healthy", isHealthy())
      .put("draining", draining)
      .put("agents", size.target())
      .put("minAgents", size.min())
      .put("maxAgents", size.max())
      .put("pendingTaskBytes", admission.pendingBytes())
      .put("workers", slots.stats())
      .put("tasks", metrics.stats());
  }

  private JsonObject event(String type, WorkerHandle worker) {
    return PoolEvents.event(type, address, worker.id());
  }

  /**
   * Drains every worker: running tasks finish, queued ones fail with {@link PoolUnavailableException}, children exit.
   *
   * @return completes when every child has exited
   */
  public Future<Void> stop() {
    draining = true;
    crashRetries.failWaiting(new PoolUnavailableException("pool '" + address + "' is draining: the task waited to be "
      + "tried again"));
    size.stop();
    budget.stop();
    List<Future<Void>> stops = new ArrayList<>();
    for (WorkerHandle worker : List.copyOf(workers)) {
      restarts.cancel(worker);
      stops.add(worker.stop());
    }
    return Future.join(stops).mapEmpty();
  }
}
