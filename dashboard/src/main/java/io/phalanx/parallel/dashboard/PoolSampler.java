package io.phalanx.parallel.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongUnaryOperator;

/**
 * Turns the supervisor's stats, sampled at intervals, into what the page shows: the workers now, a history of
 * throughput and latency (differences between two samples of the pool's task counters), and the recent lifecycle
 * events. Confined to the dashboard verticle's context.
 */
final class PoolSampler {

  private final String address;
  private final int historySize;
  private final int eventsKept;
  private final LongUnaryOperator residentBytes;
  private final Deque<JsonObject> history = new ArrayDeque<>();
  private final Deque<JsonObject> events = new ArrayDeque<>();
  private JsonObject previousTasks;
  private long previousMillis;
  private JsonObject last;

  /**
   * @param residentBytes a worker's resident memory by pid, -1 where unknown
   */
  PoolSampler(String address, int historySize, int eventsKept, LongUnaryOperator residentBytes) {
    this.address = address;
    this.historySize = historySize;
    this.eventsKept = eventsKept;
    this.residentBytes = residentBytes;
    this.last = unreachable("no sample yet", System.currentTimeMillis());
  }

  /** A lifecycle event of the pool, newest first on the page. */
  void event(JsonObject event) {
    events.addFirst(event);
    while (events.size() > eventsKept) {
      events.removeLast();
    }
  }

  /**
   * @param stats the answer of {@code <address>.stats}
   * @return the snapshot the page shows now
   */
  JsonObject sample(JsonObject stats, long nowMillis) {
    JsonObject tasks = stats.getJsonObject("tasks", new JsonObject());
    JsonArray workers = new JsonArray();
    int queued = 0;
    int running = 0;
    for (Object entry : stats.getJsonArray("workers", new JsonArray())) {
      JsonObject worker = ((JsonObject) entry).copy();
      Long pid = worker.getLong("pid");
      long rss = pid == null ? -1 : residentBytes.applyAsLong(pid);
      worker.put("rss", rss >= 0 ? rss : null);
      queued += worker.getInteger("queued", 0);
      running += worker.getBoolean("running", false) ? 1 : 0;
      workers.add(worker);
    }
    JsonObject point = new JsonObject().put("time", nowMillis).put("queued", queued).put("running", running);
    if (previousTasks != null && nowMillis > previousMillis) {
      long completed = delta(tasks, "completed");
      long waited = delta(tasks, "waited");
      point.put("throughput", completed * 1000.0 / (nowMillis - previousMillis))
        .put("runMillis", completed > 0 ? delta(tasks, "runNanos") / 1e6 / completed : null)
        .put("waitMillis", waited > 0 ? delta(tasks, "waitNanos") / 1e6 / waited : null);
    } else {
      point.put("throughput", 0.0).putNull("runMillis").putNull("waitMillis");
    }
    previousTasks = tasks;
    previousMillis = nowMillis;
    history.addLast(point);
    while (history.size() > historySize) {
      history.removeFirst();
    }
    last = new JsonObject()
      .put("address", address)
      .put("time", nowMillis)
      .put("reachable", true)
      .put("healthy", stats.getBoolean("healthy", false))
      .put("draining", stats.getBoolean("draining", false))
      .put("workers", workers)
      .put("tasks", tasks)
      .put("history", new JsonArray(history.stream().map(Object.class::cast).toList()))
      .put("events", new JsonArray(events.stream().map(Object.class::cast).toList()));
    return last;
  }

  /** The pool did not answer: the page says so and keeps its history. */
  JsonObject unreachable(String reason, long nowMillis) {
    last = new JsonObject()
      .put("address", address)
      .put("time", nowMillis)
      .put("reachable", false)
      .put("reason", reason)
      .put("healthy", false)
      .put("workers", new JsonArray())
      .put("history", new JsonArray(history.stream().map(Object.class::cast).toList()))
      .put("events", new JsonArray(events.stream().map(Object.class::cast).toList()));
    return last;
  }

  JsonObject last() {
    return last;
  }

  private long delta(JsonObject tasks, String key) {
    return tasks.getLong(key, 0L) - previousTasks.getLong(key, 0L);
  }
}
