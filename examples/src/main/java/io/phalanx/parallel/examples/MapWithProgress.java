package io.phalanx.parallel.examples;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.Task;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@link Parallel#map} that also says when each item is done.
 * <p>
 * {@code map} only answers once every result is in, so it cannot drive a progress display. This does the same
 * thing with {@link Parallel#inWorker}: at most {@code limit} tasks in flight, results in item order, the first
 * failure fails the batch and stops dispatching, and it calls {@code onItemDone} as each result arrives. All of its
 * state is touched on one Vert.x context, so it needs no locks.
 */
final class MapWithProgress<T, R> {

  private final Parallel parallel;
  private final List<T> items;
  private final Function<? super T, ? extends Task<R>> toTask;
  private final int limit;
  private final Runnable onItemDone;
  private final Promise<List<R>> promise = Promise.promise();
  private final Object[] results;
  private int next;
  private int completed;
  private int inFlight;
  private boolean failed;

  private MapWithProgress(Parallel parallel, List<T> items, Function<? super T, ? extends Task<R>> toTask, int limit,
                          Runnable onItemDone) {
    this.parallel = parallel;
    this.items = new ArrayList<>(items);
    this.toTask = toTask;
    this.limit = limit;
    this.onItemDone = onItemDone;
    this.results = new Object[items.size()];
  }

  /**
   * @param context    where the batch keeps its state and calls {@code onItemDone}
   * @param limit      the most tasks in flight at once, at least 1
   * @param onItemDone called on {@code context} once per successful item, as its result arrives
   * @return the results in item order
   */
  static <T, R> Future<List<R>> map(Context context, Parallel parallel, List<T> items,
                                    Function<? super T, ? extends Task<R>> toTask, int limit, Runnable onItemDone) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit must be at least 1, was " + limit));
    }
    MapWithProgress<T, R> batch = new MapWithProgress<>(parallel, items, toTask, limit, onItemDone);
    context.runOnContext(v -> batch.fill());
    return batch.promise.future();
  }

  private void fill() {
    if (items.isEmpty()) {
      promise.tryComplete(List.of());
      return;
    }
    while (!failed && inFlight < limit && next < items.size()) {
      int index = next++;
      Task<R> task;
      try {
        task = toTask.apply(items.get(index));
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      inFlight++;
      parallel.inWorker(task).onComplete(ar -> {
        inFlight--;
        if (ar.failed()) {
          fail(ar.cause());
          return;
        }
        results[index] = ar.result();
        completed++;
        onItemDone.run();
        if (completed == results.length) {
          @SuppressWarnings("unchecked")
          List<R> ordered = (List<R>) Arrays.asList(results);
          promise.tryComplete(ordered);
        } else {
          fill();
        }
      });
    }
  }

  private void fail(Throwable cause) {
    failed = true;
    promise.tryFail(cause);
  }
}
