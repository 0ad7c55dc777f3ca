package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.task.Task;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Drives one pool through {@link Parallel#inWorker} from a single Vert.x context: every call is made, and every
 * callback runs, on that context, as an application's verticle would do it.
 */
final class PoolDriver {

  /** How long the main thread waits for any one step before it calls the benchmark failed. */
  static final long STEP_TIMEOUT_S = 300;

  private final Context context;
  private final Parallel parallel;
  private final String address;

  PoolDriver(Context context, Parallel parallel, String address) {
    this.context = context;
    this.parallel = parallel;
    this.address = address;
  }

  /** Runs {@code action} on the driver's context and waits (on the calling, non-Vert.x thread) for its future. */
  <T> T onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        action.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    try {
      return promise.future().await(STEP_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("pool '" + address + "': no answer within " + STEP_TIMEOUT_S + " s", e);
    }
  }

  /**
   * One task at a time: each is sent when the previous result is in.
   *
   * @return the round-trip time of each task, in nanoseconds: from {@code inWorker} to its future's callback
   */
  long[] oneAtATime(int count, LongFunction<Task<?>> tasks) {
    return onContext(() -> {
      Promise<long[]> done = Promise.promise();
      long[] nanos = new long[count];
      step(0, count, nanos, tasks, done);
      return done.future();
    });
  }

  private void step(int i, int count, long[] nanos, LongFunction<Task<?>> tasks, Promise<long[]> done) {
    if (i == count) {
      done.complete(nanos);
      return;
    }
    Task<?> task = tasks.apply(i);
    long started = System.nanoTime();
    parallel.inWorker(task).onComplete(ar -> {
      nanos[i] = System.nanoTime() - started;
      if (ar.failed()) {
        done.fail(ar.cause());
      } else {
        step(i + 1, count, nanos, tasks, done);
      }
    });
  }

  /**
   * Keeps {@code window} no-op tasks in flight until {@link Window#close()}: a new task is sent as each result
   * arrives. The caller samples {@link Window#completed()}.
   */
  Window window(int window) {
    return new Window(window);
  }

  final class Window implements AutoCloseable {
    private final AtomicLong completed = new AtomicLong();
    private final Promise<Void> finished = Promise.promise();
    private volatile boolean stop;
    private volatile Throwable failure;
    // only touched on the context
    private int inFlight;
    private long seq;

    private Window(int window) {
      context.runOnContext(v -> {
        for (int i = 0; i < window; i++) {
          send();
        }
      });
    }

    private void send() {
      inFlight++;
      parallel.inWorker(new NoopTask(seq++)).onComplete(ar -> {
        inFlight--;
        if (ar.failed()) {
          failure = ar.cause();
          stop = true;
        } else {
          completed.incrementAndGet();
        }
        if (!stop) {
          send();
        } else if (inFlight == 0) {
          finished.tryComplete();
        }
      });
    }

    long completed() {
      Throwable t = failure;
      if (t != null) {
        throw new IllegalStateException("pool '" + address + "' failed a no-op task: " + t, t);
      }
      return completed.get();
    }

    @Override
    public void close() throws Exception {
      stop = true;
      finished.future().await(STEP_TIMEOUT_S, TimeUnit.SECONDS);
      completed();
    }
  }

  /** The pids of the pool's worker processes, from {@code <address>.stats}. */
  List<Long> workerPids() {
    JsonObject stats = onContext(() -> context.owner().eventBus().<JsonObject>request(address + ".stats",
      new JsonObject()).map(m -> m.body()));
    List<Long> pids = new ArrayList<>();
    JsonArray workers = stats.getJsonArray("workers");
    for (int i = 0; i < workers.size(); i++) {
      Long pid = workers.getJsonObject(i).getLong("pid");
      if (pid == null) {
        throw new IllegalStateException("pool '" + address + "': worker " + i + " has no process: " + stats);
      }
      pids.add(pid);
    }
    return pids;
  }

  <T> List<T> map(List<Long> seeds, java.util.function.Function<Long, Task<T>> toTask, int limit) {
    return onContext(() -> parallel.map(seeds, toTask, limit));
  }
}
