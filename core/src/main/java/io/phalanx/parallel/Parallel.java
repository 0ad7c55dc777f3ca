package io.phalanx.parallel;

import io.phalanx.parallel.impl.client.ParallelImpl;
import io.phalanx.parallel.task.Task;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;

import java.util.List;
import java.util.function.Function;

/**
 * The client of a worker pool. It sends tasks on the pool's event-bus address, so it works from any verticle and
 * from any node of a cluster; it holds no state of its own and is cheap to create.
 * <p>
 * On a clustered Vert.x it routes each task to a node by the spare capacity the nodes announce, tries another node
 * when one answers 429 or 503, and fails the tasks held by a node that stops announcing with
 * {@link WorkerCrashedException} within that node's {@code nodeLossTimeout}. A task sent before any node has
 * announced itself waits for one for at most 2 s, then fails with {@link PoolUnavailableException}; {@link #ready()}
 * says when routing is usable. The routing table is kept once per Vert.x instance and address, shared by every
 * client; {@code docs/cluster.md} describes the algorithm and its limits.
 * <p>
 * Failures arrive as the typed exceptions of this package: {@link InvalidTaskException},
 * {@link MailboxOverflowException}, {@link TaskFailedException}, {@link WorkerCrashedException},
 * {@link TaskTimeoutException}, {@link PoolUnavailableException}, {@link TaskCancelledException}.
 */
public interface Parallel {

  /**
   * @return a client of the pool on {@link ParallelConfig#DEFAULT_ADDRESS}
   */
  static Parallel create(Vertx vertx) {
    return create(vertx, ParallelConfig.DEFAULT_ADDRESS);
  }

  /**
   * @return a client of the pool on {@code address}
   */
  static Parallel create(Vertx vertx, String address) {
    return new ParallelImpl(vertx, address);
  }

  /**
   * @return the pool address this client sends to
   */
  String address();

  /**
   * Completes once this client can hand tasks to the pool, at once if it can now. On a clustered Vert.x: once at least
   * one node of the pool has announced itself to this Vert.x instance (routing is usable). Otherwise: once a
   * supervisor serves the address on this Vert.x instance. It never fails; bound the wait with
   * {@code ready().timeout(...)}.
   */
  Future<Void> ready();

  /**
   * This client's view of where its tasks go, for diagnostics (a snapshot; docs/cluster.md has the fields). On a
   * clustered Vert.x the routing table: {@code ready}, and per node its {@code node} id, {@code name}, {@code workers},
   * announced {@code load} and {@code free} places, {@code estimatedLoad} and {@code pending} tasks of this Vert.x
   * there; {@code leaving} nodes that drain, tasks {@code waiting} for a node, {@code refusals} and {@code lost}
   * nodes. Otherwise {@code {"clustered": false, "ready": ..., "local": ...}}.
   */
  JsonObject routing();

  /**
   * Runs one task in a worker.
   * <p>
   * The task is checked before it is sent: a lambda, method reference, anonymous, local or non-static inner class,
   * or a field that cannot cross a process, fails the future with {@link InvalidTaskException} at once. A long task
   * is not cut short by the event bus's default send timeout.
   *
   * @return the task's result, read into the task's declared result type
   */
  <R> Future<R> inWorker(Task<R> task);

  /**
   * Runs one task in a worker with options, such as its own timeout.
   *
   * @see #inWorker(Task)
   */
  <R> Future<R> inWorker(Task<R> task, TaskOptions options);

  /**
   * Sends one task and returns its execution: result, progress updates and cancellation.
   */
  <R> TaskExecution<R> submit(Task<R> task);

  /**
   * {@link #submit(Task)} with options, such as the task's own timeout.
   */
  <R> TaskExecution<R> submit(Task<R> task, TaskOptions options);

  /**
   * Runs a task per item through the pool with at most {@code limit} tasks in flight (waiting in a mailbox or
   * running) at any time, and fails fast.
   * <p>
   * The results come in item order. The first failure fails the returned future with that failure: nothing more is
   * dispatched, and the tasks of the batch still waiting or running are cancelled; the future fails once none of them
   * is waiting or running any more.
   *
   * @param items  the items, read once, up front
   * @param toTask makes the task for an item; an exception it throws counts as that item's failure
   * @param limit  at least 1
   * @return the results, in item order
   */
  <T, R> Future<List<R>> map(Iterable<T> items, Function<? super T, ? extends Task<R>> toTask, int limit);

  /**
   * Runs a task per item like {@link #map}, but never fails fast: it waits for every item and returns each item's
   * outcome, a value or a failure, in item order.
   */
  <T, R> Future<List<AsyncResult<R>>> mapSettled(Iterable<T> items, Function<? super T, ? extends Task<R>> toTask,
                                                 int limit);

  /**
   * Streams the results of a task per item, in completion order, with at most {@code limit} tasks in flight.
   * <p>
   * The stream has backpressure: while it is paused (or has no demand) it dispatches nothing new, so at most
   * {@code limit} results wait in it. It starts when a handler is set and works with {@code pipeTo}. The first
   * failure is reported to the exception handler, the tasks still in flight are cancelled and the stream ends
   * without calling the end handler.
   */
  <T, R> ReadStream<R> stream(Iterable<T> items, Function<? super T, ? extends Task<R>> toTask, int limit);

  /**
   * Asks the pool for a snapshot of its workers and counters ({@code <address>.stats}).
   * <p>
   * The request is bounded: without an answer within 5 seconds, or with no supervisor on the address, the future
   * fails with {@link PoolUnavailableException}. On a cluster one node answers, chosen by the event bus.
   *
   * @return the pool's state: every worker's pid, state and counters, the task and service counters
   */
  Future<PoolStats> stats();

  /**
   * Sets how many workers the pool has ({@code <address>.resize}), within the {@link ParallelConfig#setMinAgents
   * smallest} and {@link ParallelConfig#setMaxAgents largest} sizes it was configured with. New workers start at
   * once; a retired worker takes no new task, hands its waiting tasks to the others, finishes those it holds and
   * exits, so no task fails because of a resize. An elastic pool goes on growing under load and shrinking when idle
   * afterwards. On a cluster one node's pool answers, chosen by the event bus.
   *
   * @param agents the number of workers
   * @return the pool's size, once the new workers are ready and the retired ones have exited; fails with a
   * {@link ParallelException} of code 400 when {@code agents} is out of bounds (a fixed pool allows only its own
   * size), {@link PoolUnavailableException} while the pool drains or when there is none on the address,
   * {@link WorkerCrashedException} when a new worker cannot start
   */
  Future<Integer> resize(int agents);
}
