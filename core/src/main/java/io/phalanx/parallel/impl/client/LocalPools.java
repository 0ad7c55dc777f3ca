package io.phalanx.parallel.impl.client;

import io.phalanx.parallel.impl.pool.WorkerPool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.ArrayList;
import java.util.List;

/**
 * The pools serving in this JVM, by Vert.x instance and address. A {@link ParallelImpl} of the same (non-clustered)
 * Vert.x hands its tasks to such a pool directly instead of through the event bus: the request and the reply
 * messages were a third of the parent's CPU time per task.
 * <p>
 * An address served by more than one local pool (a supervisor deployed with several instances) is left to the event
 * bus, which spreads the requests over them, except from the event loop of one of those pools while it has a worker
 * with nothing to do ({@link #onThisEventLoop}).
 */
public final class LocalPools {

  /** One serving pool: the context its state is confined to, and the pool. */
  public static final class Entry {
    private final Context context;
    private final WorkerPool pool;
    private volatile boolean serving = true;

    public Entry(Context context, WorkerPool pool) {
      this.context = context;
      this.pool = pool;
    }

    Context context() {
      return context;
    }

    public WorkerPool pool() {
      return pool;
    }

    boolean serving() {
      return serving;
    }
  }

  /** The pools serving one address, in the Vert.x instance's local map (gone with the instance). */
  private record Serving(List<Entry> entries) implements Shareable {
  }

  /** Who waits for a pool to serve one address ({@link #serving}); guarded by its own lock. */
  private static final class Waiting implements Shareable {
    final List<Promise<Void>> promises = new ArrayList<>();
  }

  private static final String LOCAL_MAP = "phalanx.parallel.local-pools";
  private static final String WAITING_MAP = "phalanx.parallel.local-pools.waiting";

  private LocalPools() {
  }

  private static LocalMap<String, Serving> serving(Vertx vertx) {
    return vertx.sharedData().getLocalMap(LOCAL_MAP);
  }

  /**
   * Registers a pool that serves its address now.
   *
   * @return the entry to {@link #unregister} when it stops serving
   */
  public static Entry register(Vertx vertx, String address, Context context, WorkerPool pool) {
    Entry entry = new Entry(context, pool);
    serving(vertx).compute(address, (a, serving) -> {
      List<Entry> entries = new ArrayList<>(serving == null ? List.of() : serving.entries());
      entries.add(entry);
      return new Serving(List.copyOf(entries));
    });
    Waiting waiting = waiting(vertx, address);
    List<Promise<Void>> ready;
    synchronized (waiting) {
      ready = new ArrayList<>(waiting.promises);
      waiting.promises.clear();
    }
    ready.forEach(Promise::tryComplete);
    return entry;
  }

  /**
   * @return completes once a pool serves {@code address} on {@code vertx} (at once if one does)
   */
  static Future<Void> serving(Vertx vertx, String address) {
    Waiting waiting = waiting(vertx, address);
    synchronized (waiting) {
      if (isServing(vertx, address)) {
        return Future.succeededFuture();
      }
      Promise<Void> promise = Promise.promise();
      waiting.promises.add(promise);
      return promise.future();
    }
  }

  /** @return whether a pool serves {@code address} on {@code vertx} now */
  static boolean isServing(Vertx vertx, String address) {
    Serving serving = serving(vertx).get(address);
    return serving != null && !serving.entries().isEmpty();
  }

  private static Waiting waiting(Vertx vertx, String address) {
    return vertx.sharedData().<String, Waiting>getLocalMap(WAITING_MAP).computeIfAbsent(address, a -> new Waiting());
  }

  public static void unregister(Vertx vertx, String address, Entry entry) {
    entry.serving = false;
    serving(vertx).computeIfPresent(address, (a, serving) -> {
      List<Entry> rest = new ArrayList<>(serving.entries());
      rest.remove(entry);
      return rest.isEmpty() ? null : new Serving(List.copyOf(rest));
    });
  }

  /**
   * Of several pools serving {@code address} (a supervisor deployed with several instances), the one on the current
   * thread's event loop, while it has a worker with nothing to do: a task from there skips the hand-overs between two
   * event loops. When that pool is busy, or none runs on this event loop, the task is left to the event bus, which
   * spreads the tasks over all of them, as before.
   *
   * @return that pool, or {@code null}
   */
  static Entry onThisEventLoop(Vertx vertx, String address) {
    Serving serving = serving(vertx).get(address);
    ContextInternal current = ContextInternal.current();
    if (serving == null || current == null || serving.entries().size() < 2) {
      return null;
    }
    for (Entry entry : serving.entries()) {
      if (((ContextInternal) entry.context).nettyEventLoop() == current.nettyEventLoop()) {
        return entry.pool.hasIdleWorker() ? entry : null;
      }
    }
    return null;
  }

  /**
   * @return the one pool serving {@code address} on {@code vertx}, or {@code null} when there is none or several
   */
  static Entry find(Vertx vertx, String address) {
    Serving serving = serving(vertx).get(address);
    return serving != null && serving.entries().size() == 1 ? serving.entries().get(0) : null;
  }
}
