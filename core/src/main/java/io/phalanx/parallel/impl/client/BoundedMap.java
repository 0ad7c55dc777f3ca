package io.phalanx.parallel.impl.client;

import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.task.Task;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One run of {@code Parallel.map} or {@code Parallel.mapSettled}: a task per item, at most {@code limit} in flight,
 * outcomes in item order. Fail-fast stops dispatching at the first failure, cancels what is in flight and fails once
 * none of it is waiting or running; settled waits for every item. All its state is touched on one context.
 */
final class BoundedMap<T, R> {

  /** Where the batch runs: the pool's own context when the pool is in this Vert.x, else the caller's. */
  private final Context context;
  /** Where the outcome is delivered: the caller's. */
  private final ContextInternal caller;
  private final ParallelImpl parallel;
  private final List<T> items = new ArrayList<>();
  /** Built up front, on the caller's thread, when the batch runs on the pool's context: no user code runs there. */
  private final List<Object> prebuilt;
  private final Function<? super T, ? extends Task<R>> toTask;
  private final int limit;
  private final boolean failFast;
  private final Promise<List<AsyncResult<R>>> promise = Promise.promise();
  private final Map<Integer, TaskExecution<R>> inFlight = new LinkedHashMap<>();
  private AsyncResult<R>[] outcomes;
  private int next;
  private int completed;
  private boolean filling;
  private Throwable firstFailure;

  private BoundedMap(ParallelImpl parallel, Iterable<T> items, Function<? super T, ? extends Task<R>> toTask,
                     int limit, boolean failFast) {
    this.caller = (ContextInternal) parallel.vertx().getOrCreateContext();
    LocalPools.Entry local = parallel.localPool();
    // on the pool's context a task's answer and the next task's dispatch happen in one turn of its event loop, without
    // a hop to the caller's context and back for each task
    this.context = local != null ? local.context() : caller;
    this.parallel = parallel;
    items.forEach(this.items::add);
    this.toTask = toTask;
    this.prebuilt = local != null ? prebuild() : null;
    this.limit = limit;
    this.failFast = failFast;
  }

  static void requireLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  static <T, R> Future<List<R>> failFast(ParallelImpl parallel, Iterable<T> items,
                                         Function<? super T, ? extends Task<R>> toTask, int limit) {
    RuntimeException invalid = invalidArguments(items, toTask, limit);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    return new BoundedMap<>(parallel, items, toTask, limit, true).run().map(outcomes -> {
      List<R> values = new ArrayList<>(outcomes.size());
      outcomes.forEach(outcome -> values.add(outcome.result()));
      return values;
    });
  }

  static <T, R> Future<List<AsyncResult<R>>> settled(ParallelImpl parallel, Iterable<T> items,
                                                     Function<? super T, ? extends Task<R>> toTask, int limit) {
    RuntimeException invalid = invalidArguments(items, toTask, limit);
    if (invalid != null) {
      return Future.failedFuture(invalid);
    }
    return new BoundedMap<>(parallel, items, toTask, limit, false).run();
  }

  /**
   * @return what is wrong with the arguments of a batch operation, or {@code null}
   */
  static RuntimeException invalidArguments(Iterable<?> items, Function<?, ?> toTask, int limit) {
    try {
      requireLimit(limit);
      Objects.requireNonNull(items, "items must not be null");
      Objects.requireNonNull(toTask, "toTask must not be null");
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  @SuppressWarnings("unchecked")
  private Future<List<AsyncResult<R>>> run() {
    outcomes = new AsyncResult[items.size()];
    context.runOnContext(v -> {
      if (items.isEmpty()) {
        promise.complete(List.of());
      } else {
        fill();
      }
    });
    if (context == caller) {
      return promise.future();
    }
    Promise<List<AsyncResult<R>>> delivered = caller.promise();
    promise.future().onComplete(delivered);
    return delivered.future();
  }

  private List<Object> prebuild() {
    List<Object> built = new ArrayList<>(items.size());
    for (T item : items) {
      try {
        built.add(toTask.apply(item));
      } catch (RuntimeException e) {
        built.add(e);
      }
    }
    return built;
  }

  /**
   * Dispatches items while the limit allows. On the pool's own context a task may settle while it is being dispatched
   * (refused at once: every mailbox full, no live worker): such a settlement calls back here, and the loop already
   * running picks up instead of a nested one, so that thousands of refusals in a row cost no stack.
   */
  private void fill() {
    if (filling) {
      return;
    }
    filling = true;
    try {
      dispatch();
    } finally {
      filling = false;
    }
  }

  @SuppressWarnings("unchecked")
  private void dispatch() {
    while (firstFailure == null && inFlight.size() < limit && next < items.size()) {
      int index = next++;
      Task<R> task;
      try {
        Object built = prebuilt != null ? prebuilt.get(index) : toTask.apply(items.get(index));
        if (built instanceof RuntimeException e) {
          throw e;
        }
        task = (Task<R>) built;
      } catch (RuntimeException e) {
        settle(index, Future.failedFuture(e));
        continue;
      }
      TaskExecution<R> execution = parallel.execute(task);
      inFlight.put(index, execution);
      execution.result().onComplete(ar -> {
        inFlight.remove(index);
        settle(index, ar);
      });
    }
  }

  private void settle(int index, AsyncResult<R> outcome) {
    outcomes[index] = outcome;
    completed++;
    if (outcome.failed() && failFast && firstFailure == null) {
      firstFailure = outcome.cause();
      cancelInFlight();
      return;
    }
    if (firstFailure != null) {
      return;
    }
    if (completed == outcomes.length) {
      promise.tryComplete(Arrays.asList(outcomes));
    } else {
      fill();
    }
  }

  private void cancelInFlight() {
    List<Future<Boolean>> cancels = new ArrayList<>();
    for (TaskExecution<R> execution : inFlight.values()) {
      cancels.add(execution.cancel());
    }
    Throwable failure = firstFailure;
    Future.join(cancels).onComplete(done -> promise.tryFail(failure));
  }
}
