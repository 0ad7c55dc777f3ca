package io.phalanx.parallel;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a pool, as {@link Parallel#stats()} returns it: the typed form of the answer of
 * {@code <address>.stats}.
 * <p>
 * It keeps that answer whole: {@link #toJson()} gives back exactly the JSON the supervisor sent, keys this version
 * does not know included, so that a newer pool's answer survives a trip through an older client. The getters read
 * the keys docs/event-bus-api.md documents; a key that is missing reads as {@code null}, {@code false} or 0 as each
 * getter says. A snapshot never changes: ask again for a newer one.
 */
@DataObject
public class PoolStats {

  private final JsonObject json;
  private final List<WorkerStats> workers;
  private final TaskStats tasks;
  private final ServiceStats services;

  /**
   * @param json the answer of {@code <address>.stats}; copied. A section of the wrong JSON type (say, a
   *             {@code workers} that is not an array) fails here with a {@code ClassCastException}, not later
   */
  public PoolStats(JsonObject json) {
    this.json = Objects.requireNonNull(json, "json must not be null").copy();
    List<WorkerStats> list = new ArrayList<>();
    for (Object worker : this.json.getJsonArray("workers", new JsonArray())) {
      list.add(new WorkerStats((JsonObject) worker));
    }
    this.workers = Collections.unmodifiableList(list);
    this.tasks = new TaskStats(this.json.getJsonObject("tasks", new JsonObject()));
    this.services = new ServiceStats(this.json.getJsonObject("services", new JsonObject()));
  }

  /**
   * @return the JSON form, exactly the answer of {@code <address>.stats} (a copy)
   */
  public JsonObject toJson() {
    return json.copy();
  }

  /** @return the pool's event-bus address */
  public String getAddress() {
    return json.getString("address");
  }

  /**
   * @return the name of the node that answered ({@code "node"}), or {@code null} where the pool does not report one
   */
  public String getNode() {
    return json.getString("node");
  }

  /** @return whether every worker is live and the pool is not draining */
  public boolean isHealthy() {
    return json.getBoolean("healthy", false);
  }

  /** @return whether the pool is draining (being undeployed): it takes no new task */
  public boolean isDraining() {
    return json.getBoolean("draining", false);
  }

  /**
   * @return how many workers the pool has ({@code agents}: its size, the workers an elastic pool is retiring not
   * counted), or 0 where the answer has none
   */
  public int getAgents() {
    return json.getInteger("agents", 0);
  }

  /** @return the smallest size of the pool ({@code minAgents}; {@code agents} for a fixed pool), or 0 */
  public int getMinAgents() {
    return json.getInteger("minAgents", 0);
  }

  /** @return the largest size of the pool ({@code maxAgents}; {@code agents} for a fixed pool), or 0 */
  public int getMaxAgents() {
    return json.getInteger("maxAgents", 0);
  }

  /**
   * @return the bytes of encoded tasks the pool holds (waiting, or running and kept for a retry), bounded by
   * {@code maxPendingTaskBytes}; 0 from a node that does not say
   */
  public long getPendingTaskBytes() {
    return json.getLong("pendingTaskBytes", 0L);
  }

  /**
   * @return one entry per worker slot, by index, those an elastic pool is retiring included until they have exited
   */
  public List<WorkerStats> getWorkers() {
    return workers;
  }

  /** @return the task counters ({@code tasks}); all 0 where the answer has none */
  public TaskStats getTasks() {
    return tasks;
  }

  /** @return the counters of the parent-service bridge ({@code services}); all 0 where the answer has none */
  public ServiceStats getServices() {
    return services;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PoolStats stats && json.equals(stats.json);
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
