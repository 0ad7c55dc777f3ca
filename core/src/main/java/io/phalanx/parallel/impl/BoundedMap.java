package io.phalanx.parallel.impl;

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
 * One run of {@link Parallel#map}: a task per item, at most {@code limit} in flight, results in item order. All its
 * state is touched on one context, so it needs no locks.
 */
final class BoundedMap<T, R> {

  private final Context context;
  private final Parallel parallel;
  private final List<T> items = new ArrayList<>();
  private final Function<? super T, ? extends Task<R>> toTask;
  private final int limit;
  private final Promise<List<R>> promise = Promise.promise();
  private Object[] results;
  private int next;
  private int inFlight;
  private int completed;
  private boolean failed;

  BoundedMap(Context context, Parallel parallel, Iterable<T> items, Function<? super T, ? extends Task<R>> toTask,
             int limit) {
    this.context = context;
    this.parallel = parallel;
    items.forEach(this.items::add);
    this.toTask = toTask;
    this.limit = limit;
  }

  Future<List<R>> run() {
    results = new Object[items.size()];
    context.runOnContext(v -> {
      if (items.isEmpty()) {
        promise.complete(List.of());
      } else {
        fill();
      }
    });
    return promise.future();
  }

  private void fill() {
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
