package io.phalanx.parallel.impl.client;

import io.netty.channel.EventLoop;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pools serving in this JVM, by Vert.x instance and address. A {@link ParallelImpl} of the same (non-clustered)
 * Vert.x hands its tasks to such a pool directly instead of through the event bus: the request and the reply
 * messages were a third of the parent's CPU time per task.
 * <p>
 * An address served by more than one local pool (a supervisor deployed with several instances) is served the same
 * way, by the pool {@link #pick} chooses for each task.
 */
public final class LocalPools {

  /** One serving pool: the context its state is confined to, and the pool. */
  public static final class Entry {
    private final Context context;
    private final WorkerPool pool;
    private volatile boolean serving = true;
    /** Whether other pools serve the same address: only then are {@link #handingOver} counted. */
    private volatile boolean amongSeveral;
    /** Tasks handed to the pool from another thread that it has not counted yet (a turn of its event loop). */
    private final AtomicInteger handingOver = new AtomicInteger();

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

    /**
     * Marks a task on its way to the pool from another thread, when the pool is one of several; {@link #handedOver}
     * must follow once the pool has it.
     *
     * @return whether it was counted, to pass to {@link #handedOver}
     */
    boolean handingOver() {
      if (!amongSeveral) {
        return false;
      }
      handingOver.incrementAndGet();
      return true;
    }

    void handedOver(boolean counted) {
      if (counted) {
        handingOver.decrementAndGet();
      }
    }

    /** @return the pool's idle workers a moment ago, less the tasks on their way to it */
    private int idleWorkers() {
      return pool.idleWorkers() - handingOver.get();
    }

    private EventLoop eventLoop() {
      return ((ContextInternal) context).nettyEventLoop();
    }
  }

  /**
   * The pools serving one address, in the Vert.x instance's local map (gone with the instance), and where the next
   * choice among equals starts.
   */
  private record Serving(List<Entry> entries, AtomicInteger rotation) implements Shareable {
    Serving(List<Entry> entries) {
      this(entries, new AtomicInteger());
      entries.forEach(entry -> entry.amongSeveral = entries.size() > 1);
    }
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
   * Of several pools serving {@code address} (a supervisor deployed with several instances), the one to give a task:
   * the one on the current thread's event loop while it has a worker with nothing to do, which skips the hand-overs
   * between two event loops; otherwise the one with the most idle workers, or the fewest tasks waiting for one, the
   * tasks on their way to it counted; among equals, each in turn.
   *
   * @return that pool, or {@code null} when none serves {@code address}, or only one ({@link #find})
   */
  static Entry pick(Vertx vertx, String address) {
    Serving serving = serving(vertx).get(address);
    if (serving == null || serving.entries().size() < 2) {
      return null;
    }
    List<Entry> entries = serving.entries();
    ContextInternal current = ContextInternal.current();
    if (current != null) {
      for (Entry entry : entries) {
        if (entry.serving && entry.eventLoop() == current.nettyEventLoop() && entry.idleWorkers() > 0) {
          return entry;
        }
      }
    }
    int start = Math.floorMod(serving.rotation().getAndIncrement(), entries.size());
    Entry best = null;
    int mostIdle = Integer.MIN_VALUE;
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get((start + i) % entries.size());
      int idle = entry.idleWorkers();
      if (entry.serving && (best == null || idle > mostIdle)) {
        best = entry;
        mostIdle = idle;
      }
    }
    return best;
  }

  /**
   * @return the one pool serving {@code address} on {@code vertx}, or {@code null} when there is none or several
   */
  static Entry find(Vertx vertx, String address) {
    Serving serving = serving(vertx).get(address);
    return serving != null && serving.entries().size() == 1 ? serving.entries().get(0) : null;
  }
}
