package io.phalanx.parallel.impl.client;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectReader;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelException;
import io.phalanx.parallel.PayloadTooLargeException;
import io.phalanx.parallel.PoolStats;
import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.TaskOptions;
import io.phalanx.parallel.impl.TaskOutcome;
import io.phalanx.parallel.impl.cluster.ClusterRouter;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.impl.codec.TaskMessageCodec;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.phalanx.parallel.impl.tracing.TaskSpan;
import io.phalanx.parallel.impl.tracing.TaskTracing;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.tasktypes.TaskClassInspector;
import io.phalanx.parallel.tasktypes.TaskTypes;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The event-bus client of a pool.
 */
public final class ParallelImpl implements Parallel {

  /**
   * The send timeout of a task request: a backstop only, never what bounds the wait. The pool answers every request
   * it receives itself (result, failure, crash, its own timeout), in the same JVM when Vert.x is not clustered; on a
   * cluster every request goes to a node the router watches, whose loss fails it within that node's
   * {@code nodeLossTimeout}. A task may run as long as its timeout (none by default) allows: this must not cut it
   * short.
   */
  static final long REQUEST_TIMEOUT_MS = TimeUnit.DAYS.toMillis(1);

  /** How long {@link #stats()} waits for the supervisor's answer. */
  static final long STATS_TIMEOUT_MS = 5_000;

  /** A reader per task class for its declared result type, resolved once: reading a result is on every task's path. */
  private static final ClassValue<ObjectReader> RESULT_READERS = new ClassValue<>() {
    @Override
    protected ObjectReader computeValue(Class<?> type) {
      return TaskValue.reader(TaskTypes.resultType(Codecs.MAPPER.getTypeFactory(), type));
    }
  };

  private final Vertx vertx;
  private final String address;
  private final DeliveryOptions options;
  /** Only on a clustered Vert.x: routes by the nodes' capacity instead of the event bus's round robin. */
  private final ClusterRouter router;
  /** The local pool found last, kept while it serves: a map lookup less per task. */
  private volatile LocalPools.Entry local;

  public ParallelImpl(Vertx vertx, String address) {
    this.vertx = Objects.requireNonNull(vertx, "vertx must not be null");
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank, was " + address);
    }
    this.address = address;
    this.options = new DeliveryOptions().setCodecName(TaskMessageCodec.NAME).setSendTimeout(REQUEST_TIMEOUT_MS);
    Codecs.register(vertx);
    this.router = vertx.isClustered() ? ClusterRouter.of(vertx, address) : null;
  }

  @Override
  public Future<Void> ready() {
    Promise<Void> ready = ((ContextInternal) vertx.getOrCreateContext()).promise();
    (router != null ? router.ready() : LocalPools.serving(vertx, address)).onComplete(ready);
    return ready.future();
  }

  @Override
  public JsonObject routing() {
    if (router != null) {
      return router.table();
    }
    LocalPools.Entry pool = localPool();
    return new JsonObject().put("address", address).put("clustered", false)
      .put("ready", LocalPools.isServing(vertx, address)).put("local", pool != null);
  }

  /**
   * Cancels the request with this id: on a cluster where it went (or, still waiting for a node, at once).
   *
   * @return whether it was cancelled, as {@code <address>.cancel} answers
   */
  Future<Boolean> cancel(String requestId) {
    if (router != null) {
      return router.cancel(requestId);
    }
    return vertx.eventBus().<JsonObject>request(address + ".cancel", new JsonObject().put("request", requestId))
      .map(answer -> answer.body().getBoolean("cancelled", false));
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public <R> Future<R> inWorker(Task<R> task) {
    LocalPools.Entry pool = localPool();
    if (pool != null) {
      return submitLocally(pool, task, TaskOptions.DEFAULT_TIMEOUT, null);
    }
    return send(task, options).compose(reply -> readOnCaller(task, reply));
  }

  @Override
  public <R> Future<R> inWorker(Task<R> task, TaskOptions taskOptions) {
    Objects.requireNonNull(taskOptions, "options must not be null");
    LocalPools.Entry pool = localPool();
    if (pool != null) {
      return submitLocally(pool, task, taskOptions.getTimeout(), taskOptions.getRetriesOnCrash(), null);
    }
    return send(task, deliveryOptions(taskOptions)).compose(reply -> readOnCaller(task, reply));
  }

  /**
   * The pool of this address in this Vert.x, when Vert.x is not clustered: the one pool serving it here, or of several,
   * the one {@link LocalPools#pick} chooses for this task.
   */
  LocalPools.Entry localPool() {
    if (router != null) {
      return null;
    }
    LocalPools.Entry pool = local;
    if (pool == null || !pool.serving()) {
      pool = LocalPools.find(vertx, address);
      local = pool;
    }
    return pool != null ? pool : LocalPools.pick(vertx, address);
  }

  /**
   * Hands a task to a pool of this Vert.x on its own context, as its event-bus consumer would: the same checks, the
   * same outcomes and failures, the callbacks on the caller's context; without the request and reply messages.
   *
   * @param cancelKey what to {@link io.phalanx.parallel.impl.pool.WorkerPool#cancel} the task by, or {@code null} when it is never cancelled
   */
  <R> Future<R> submitLocally(LocalPools.Entry pool, Task<R> task, long timeout, Object cancelKey) {
    return submitLocally(pool, task, timeout, TaskOptions.DEFAULT_RETRIES_ON_CRASH, cancelKey);
  }

  /**
   * @param retries how often the task may be tried again after a crash, within the pool's; -1 for the pool's
   */
  <R> Future<R> submitLocally(LocalPools.Entry pool, Task<R> task, long timeout, int retries, Object cancelKey) {
    InvalidTaskException invalid = check(task);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    ContextInternal caller = (ContextInternal) vertx.getOrCreateContext();
    Promise<TaskValue> outcome = caller.promise();
    TaskTracing tracing = pool.pool().tracing();
    // opened here, on the caller's context, where the caller's trace is active: the pool's context knows none
    TaskSpan span = tracing == null ? null : tracing.start(caller, task);
    TaskOutcome answer = new TaskOutcome() {
      @Override
      public void succeeded(TaskValue result) {
        outcome.tryComplete(result);
      }

      @Override
      public void failed(ParallelException failure) {
        outcome.tryFail(failure);
      }
    };
    Object body = prepared(pool, task);
    if (caller == pool.context()) {
      // a batch run on the pool's own context: no hop there and back for each task
      pool.pool().submit(body, -1, timeout, cancelKey, retries, span, answer);
    } else {
      // at once when the caller runs on the pool's thread (another context on its event loop), a turn later from
      // another thread: until the pool counts the task, it counts as on its way there for LocalPools.pick
      boolean counted = pool.handingOver();
      ((ContextInternal) pool.context()).emit(v -> {
        // released just before the pool counts it: a pick in between sees the pool one task less busy for an
        // instant, where released after the whole submission it would see it one task busier for microseconds
        pool.handedOver(counted);
        pool.pool().submit(body, -1, timeout, cancelKey, retries, span, answer);
      });
    }
    return outcome.future().compose(result -> readOnCaller(task, result));
  }

  /**
   * The task encoded here, on the caller's thread: the pool's event loop, which every worker's frames go through, then
   * only frames it. One that cannot be encoded goes as it is, to be refused by the pool, which counts its refusals.
   */
  private static Object prepared(LocalPools.Entry pool, Task<?> task) {
    try {
      return pool.pool().prepare(task);
    } catch (InvalidTaskException e) {
      return task;
    }
  }

  @Override
  public <R> TaskExecution<R> submit(Task<R> task) {
    return TaskExecutionImpl.start(this, task, options, true);
  }

  @Override
  public <R> TaskExecution<R> submit(Task<R> task, TaskOptions taskOptions) {
    return TaskExecutionImpl.start(this, task, deliveryOptions(taskOptions), true);
  }

  /**
   * An execution without progress delivery: what the batch operations use. Like {@link #inWorker}, it skips the event
   * bus when the pool is in this Vert.x: a batch is many tasks, and the request and reply messages were half of the
   * supervisor's event-loop time per task.
   */
  <R> TaskExecution<R> execute(Task<R> task) {
    LocalPools.Entry pool = localPool();
    if (pool != null) {
      return new LocalTaskExecution<>(this, pool, task);
    }
    return TaskExecutionImpl.start(this, task, options, false);
  }

  private DeliveryOptions deliveryOptions(TaskOptions taskOptions) {
    Objects.requireNonNull(taskOptions, "options must not be null");
    if (taskOptions.getTimeout() == TaskOptions.DEFAULT_TIMEOUT
      && taskOptions.getRetriesOnCrash() == TaskOptions.DEFAULT_RETRIES_ON_CRASH) {
      return options;
    }
    DeliveryOptions delivery = new DeliveryOptions(options);
    if (taskOptions.getTimeout() != TaskOptions.DEFAULT_TIMEOUT) {
      delivery.addHeader(TaskOptions.TIMEOUT_HEADER, Long.toString(taskOptions.getTimeout()))
        .setSendTimeout(Math.max(REQUEST_TIMEOUT_MS, taskOptions.getTimeout() + 60_000));
    }
    if (taskOptions.getRetriesOnCrash() != TaskOptions.DEFAULT_RETRIES_ON_CRASH) {
      delivery.addHeader(TaskOptions.RETRIES_HEADER, Integer.toString(taskOptions.getRetriesOnCrash()));
    }
    return delivery;
  }

  /**
   * Checks the task and sends it; a failure is already one of the typed exceptions.
   */
  Future<Message<Object>> send(Task<?> task, DeliveryOptions delivery) {
    InvalidTaskException invalid = check(task);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    Future<Message<Object>> answer = router != null ? router.send(task, delivery)
      : vertx.eventBus().request(address, task, delivery);
    return answer.transform(ar -> ar.succeeded()
      ? Future.succeededFuture(ar.result())
      : Future.failedFuture(Failures.toParallelException(ar.cause(), address)));
  }

  /** @return why the task cannot be sent, or {@code null} when it can */
  private InvalidTaskException check(Task<?> task) {
    if (task == null) {
      return new InvalidTaskException("task must not be null (pool '" + address + "')");
    }
    String problem = TaskClassInspector.problem(task.getClass()).orElse(null);
    return problem == null ? null : new InvalidTaskException(problem + " (pool '" + address + "')");
  }

  /**
   * Reads a reply into the task's declared result type on the current context (the caller's), a large one on a
   * worker thread of it ({@link TaskValue#isLarge()}): the caller's event loop serves its own handlers, and may be
   * the supervisor's too (Vert.x gives contexts their event loops in turn). A reply from another node that cannot be
   * decoded fails as the task's failure, typed like any other.
   */
  <R> Future<R> readOnCaller(Task<R> task, Message<Object> reply) {
    Object body;
    try {
      body = reply.body();
    } catch (RuntimeException e) {
      return Future.failedFuture(new ParallelException("pool '" + address + "' answered " + task.getClass().getName()
        + " with a reply that cannot be decoded: " + e, FailureCodes.TASK_FAILED, e));
    }
    return readOnCaller(task, body);
  }

  private <R> Future<R> readOnCaller(Task<R> task, Object body) {
    Context context;
    // the current context is looked up only for a large value: this runs for every task
    if (body instanceof TaskValue value && value.isLarge() && (context = Vertx.currentContext()) != null) {
      return context.executeBlocking(() -> read(task, body), false);
    }
    try {
      return Future.succeededFuture(read(task, body));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private <R> R read(Task<R> task, Object body) {
    if (!(body instanceof TaskValue result)) {
      throw new ParallelException("pool '" + address + "' answered " + task.getClass().getName()
        + " with an unexpected " + (body == null ? "null" : body.getClass().getName()), FailureCodes.TASK_FAILED);
    }
    return readResult(task, result);
  }

  private <R> R readResult(Task<R> task, TaskValue result) {
    ObjectReader reader = RESULT_READERS.get(task.getClass());
    try {
      return result.read(reader);
    } catch (Exception e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof StreamConstraintsException limit) {
          // as a response frame past the limits is answered (a result that crossed a cluster is read only here)
          throw new PayloadTooLargeException("the result of " + task.getClass().getName() + " breaks a limit of "
            + "the protocol: " + limit.getOriginalMessage());
        }
      }
      throw new ParallelException("the result of " + task.getClass().getName() + " cannot be read as "
        + reader.getValueType().toCanonical() + ": " + e.getMessage(), FailureCodes.TASK_FAILED, e);
    }
  }

  @Override
  public <T, R> Future<List<R>> map(Iterable<T> items, Function<? super T, ? extends Task<R>> toTask, int limit) {
    return BoundedMap.<T, R>failFast(this, items, toTask, limit);
  }

  @Override
  public <T, R> Future<List<AsyncResult<R>>> mapSettled(Iterable<T> items,
                                                        Function<? super T, ? extends Task<R>> toTask, int limit) {
    return BoundedMap.<T, R>settled(this, items, toTask, limit);
  }

  @Override
  public <T, R> ReadStream<R> stream(Iterable<T> items, Function<? super T, ? extends Task<R>> toTask, int limit) {
    RuntimeException invalid = BoundedMap.invalidArguments(items, toTask, limit);
    if (invalid != null) {
      throw invalid;
    }
    return new TaskResultStream<T, R>(vertx.getOrCreateContext(), this::execute, items, toTask, limit);
  }

  @Override
  public Future<Integer> resize(int agents) {
    // a shrink waits for the retired workers' running tasks: as long as a task may run
    DeliveryOptions bounded = new DeliveryOptions().setSendTimeout(REQUEST_TIMEOUT_MS);
    return vertx.eventBus().<JsonObject>request(address + ".resize", new JsonObject().put("agents", agents), bounded)
      .transform(ar -> {
        if (ar.succeeded()) {
          return Future.succeededFuture(ar.result().body().getInteger("agents"));
        }
        if (ar.cause() instanceof io.vertx.core.eventbus.ReplyException reply
          && reply.failureCode() == FailureCodes.INVALID_TASK) {
          // not an invalid task: a size the pool refuses
          return Future.failedFuture(new ParallelException(reply.getMessage(), FailureCodes.INVALID_TASK));
        }
        return Future.failedFuture(Failures.toParallelException(ar.cause(), address));
      });
  }

  @Override
  public Future<PoolStats> stats() {
    DeliveryOptions bounded = new DeliveryOptions().setSendTimeout(STATS_TIMEOUT_MS);
    return vertx.eventBus().<JsonObject>request(address + ".stats", null, bounded).transform(ar -> ar.succeeded()
      ? Future.succeededFuture(new PoolStats(ar.result().body()))
      : Future.failedFuture(Failures.toParallelException(ar.cause(), address)));
  }
}
