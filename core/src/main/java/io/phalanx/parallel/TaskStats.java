package io.phalanx.parallel;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The task counters of a {@link PoolStats} snapshot: the {@code tasks} section of the answer of
 * {@code <address>.stats}. They count from the pool's start, metrics on or off.
 */
@DataObject
public class TaskStats {

  private final JsonObject json;

  /** @param json the {@code tasks} section; copied */
  public TaskStats(JsonObject json) {
    this.json = Objects.requireNonNull(json, "json must not be null").copy();
  }

  /** @return the JSON form, exactly the section the supervisor sent (a copy) */
  public JsonObject toJson() {
    return json.copy();
  }

  /** @return tasks accepted into a mailbox */
  public long getAccepted() {
    return json.getLong("accepted", 0L);
  }

  /** @return tasks that left a mailbox: for their worker, or failed or cancelled while waiting */
  public long getWaited() {
    return json.getLong("waited", 0L);
  }

  /** @return the total wait of the tasks counted by {@link #getWaited()}, in nanoseconds */
  public long getWaitNanos() {
    return json.getLong("waitNanos", 0L);
  }

  /** @return tasks that ran and left their worker, whatever the outcome */
  public long getCompleted() {
    return json.getLong("completed", 0L);
  }

  /** @return the total run time of the tasks counted by {@link #getCompleted()}, in nanoseconds */
  public long getRunNanos() {
    return json.getLong("runNanos", 0L);
  }

  /** @return requests refused before any mailbox, by failure code ({@link FailureCodes}) */
  public Map<Integer, Long> getRejections() {
    return counts("rejections", Integer::valueOf);
  }

  /** @return accepted tasks that failed, by failure code ({@link FailureCodes}) */
  public Map<Integer, Long> getFailures() {
    return counts("failures", Integer::valueOf);
  }

  /**
   * @return worker processes restarted or replaced, by cause: {@code exit}, {@code start_failure},
   * {@code protocol_error}, {@code unresponsive}, {@code task_timeout}, {@code cancel_timeout}, {@code max_tasks},
   * {@code max_heap}, {@code other}
   */
  public Map<String, Long> getRestarts() {
    return counts("restarts", Function.identity());
  }

  /**
   * @return times a task whose worker died under it was tried again ({@link ParallelConfig#setRetriesOnCrash})
   */
  public long getRetries() {
    return json.getLong("retries", 0L);
  }

  /** @return tasks that failed as poison ({@link PoisonTaskException}, 422) */
  public long getPoisoned() {
    return json.getLong("poisoned", 0L);
  }

  private <K> Map<K, Long> counts(String key, Function<String, K> toKey) {
    Map<K, Long> counts = new LinkedHashMap<>();
    json.getJsonObject(key, new JsonObject()).forEach(entry ->
      counts.put(toKey.apply(entry.getKey()), ((Number) entry.getValue()).longValue()));
    return Collections.unmodifiableMap(counts);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaskStats stats && json.equals(stats.json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return json.encode();
  }
}
