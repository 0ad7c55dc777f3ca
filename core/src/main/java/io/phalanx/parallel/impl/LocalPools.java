package io.phalanx.parallel.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pools serving in this JVM, by Vert.x instance and address. A {@link ParallelImpl} of the same (non-clustered)
 * Vert.x hands its tasks to such a pool directly instead of through the event bus: the request and the reply
 * messages were a third of the parent's CPU time per task.
 * <p>
 * An address served by more than one local pool (a supervisor deployed with several instances) is left to the event
 * bus, which spreads the requests over them.
 */
public final class LocalPools {

  /** One serving pool: the context its state is confined to, and the pool. */
  public static final class Entry {
    private final Context context;
    private final WorkerPool pool;
    private volatile boolean serving = true;

    Entry(Context context, WorkerPool pool) {
      this.context = context;
      this.pool = pool;
    }

    Context context() {
      return context;
    }

    WorkerPool pool() {
      return pool;
    }

    boolean serving() {
      return serving;
    }
  }

  private record Key(Vertx vertx, String address) {
  }

  private static final ConcurrentHashMap<Key, List<Entry>> POOLS = new ConcurrentHashMap<>();

  private LocalPools() {
  }

  /**
   * Registers a pool that serves its address now.
   *
   * @return the entry to {@link #unregister} when it stops serving
   */
  public static Entry register(Vertx vertx, String address, Context context, WorkerPool pool) {
    Entry entry = new Entry(context, pool);
    POOLS.compute(new Key(vertx, address), (key, entries) -> {
      if (entries == null) {
        return List.of(entry);
      }
      List<Entry> more = new java.util.ArrayList<>(entries);
      more.add(entry);
      return List.copyOf(more);
    });
    return entry;
  }

  public static void unregister(Vertx vertx, String address, Entry entry) {
    entry.serving = false;
    POOLS.computeIfPresent(new Key(vertx, address), (key, entries) -> {
      List<Entry> rest = new java.util.ArrayList<>(entries);
      rest.remove(entry);
      return rest.isEmpty() ? null : List.copyOf(rest);
    });
  }

  /**
   * @return the one pool serving {@code address} on {@code vertx}, or {@code null} when there is none or several
   */
  static Entry find(Vertx vertx, String address) {
    List<Entry> entries = POOLS.get(new Key(vertx, address));
    return entries != null && entries.size() == 1 ? entries.get(0) : null;
  }
}
