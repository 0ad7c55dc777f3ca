package io.phalanx.parallel.impl.client;

import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.task.Task;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.streams.ReadStream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code Parallel.stream}: results in completion order with backpressure. New tasks are dispatched only while the
 * stream has demand, and never more than {@code limit} are in flight or waiting to be read, so a paused stream holds
 * at most {@code limit} results and starts nothing new. Confined to one context.
 */
final class TaskResultStream<T, R> implements ReadStream<R> {

  private final Context context;
  /** Starts one task: {@code ParallelImpl.execute}. */
  private final Function<Task<R>, TaskExecution<R>> execute;
  private final List<T> items = new ArrayList<>();
  private final Function<? super T, ? extends Task<R>> toTask;
  private final int limit;
  private final ArrayDeque<R> ready = new ArrayDeque<>();
  private final Set<TaskExecution<R>> inFlight = new LinkedHashSet<>();
  private Handler<R> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private long demand = Long.MAX_VALUE;
  private int next;
  private boolean started;
  private boolean failed;
  private boolean ended;
  private boolean emitting;

  TaskResultStream(Context context, Function<Task<R>, TaskExecution<R>> execute, Iterable<T> items,
                   Function<? super T, ? extends Task<R>> toTask, int limit) {
    this.context = context;
    this.execute = execute;
    items.forEach(this.items::add);
    this.toTask = toTask;
    this.limit = limit;
  }

  @Override
  public ReadStream<R> exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ReadStream<R> handler(Handler<R> handler) {
    this.handler = handler;
    if (handler != null && !started) {
      started = true;
      context.runOnContext(v -> pump());
    }
    return this;
  }

  @Override
  public ReadStream<R> pause() {
    demand = 0;
    return this;
  }

  @Override
  public ReadStream<R> resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ReadStream<R> fetch(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be at least 0, was " + amount);
    }
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    if (started) {
      context.runOnContext(v -> pump());
    }
    return this;
  }

  @Override
  public ReadStream<R> endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  private void pump() {
    if (emitting || failed || ended) {
      return;
    }
    emitting = true;
    try {
      // a task may settle while it is dispatched (one of a pool in this Vert.x that answered before the stream could
      // listen): its result joins `ready` from inside this loop, which goes round again instead of leaving it there
      do {
        while (demand > 0 && !ready.isEmpty() && !failed) {
          R result = ready.poll();
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
          Handler<R> h = handler;
          if (h != null) {
            h.handle(result);
          }
        }
        while (demand > 0 && !failed && next < items.size() && inFlight.size() + ready.size() < limit) {
          dispatch(items.get(next++));
        }
      } while (demand > 0 && !ready.isEmpty() && !failed);
      if (!failed && next == items.size() && inFlight.isEmpty() && ready.isEmpty()) {
        ended = true;
        Handler<Void> end = endHandler;
        if (end != null) {
          end.handle(null);
        }
      }
    } finally {
      emitting = false;
    }
  }

  private void dispatch(T item) {
    Task<R> task;
    try {
      task = toTask.apply(item);
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    TaskExecution<R> execution = execute.apply(task);
    inFlight.add(execution);
    execution.result().onComplete(ar -> {
      inFlight.remove(execution);
      if (failed) {
        return;
      }
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      ready.add(ar.result());
      pump();
    });
  }

  private void fail(Throwable cause) {
    failed = true;
    ready.clear();
    for (TaskExecution<R> execution : new ArrayList<>(inFlight)) {
      execution.cancel();
    }
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(cause);
    }
  }
}
