package io.phalanx.parallel;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * One worker slot of a {@link PoolStats} snapshot: an entry of {@code workers} in the answer of
 * {@code <address>.stats}. A slot outlives its processes: {@link #getPid()} is that of the process it has now.
 */
@DataObject
public class WorkerStats {

  private final JsonObject json;

  /** @param json one entry of {@code workers}; copied */
  public WorkerStats(JsonObject json) {
    this.json = Objects.requireNonNull(json, "json must not be null").copy();
  }

  /** @return the JSON form, exactly the entry the supervisor sent (a copy) */
  public JsonObject toJson() {
    return json.copy();
  }

  /** @return the worker's id, {@code worker-<index>} */
  public String getId() {
    return json.getString("id");
  }

  /** @return the slot's index, from 0: the {@code n} of {@code <address>.worker.<n>} */
  public int getIndex() {
    return json.getInteger("index", -1);
  }

  /**
   * @return the slot's state: {@code STARTING}, {@code IDLE}, {@code PROCESSING}, {@code DRAINING}, {@code CRASHED}
   * or {@code STOPPED} (a string, so that a state added later reads too)
   */
  public String getState() {
    return json.getString("state");
  }

  /** @return the pid of the worker's process, or {@code null} while it has none (crashed, stopped) */
  public Long getPid() {
    return json.getLong("pid");
  }

  /** @return tasks waiting in the worker's mailbox (prefetched ones included; the running task not) */
  public int getQueued() {
    return json.getInteger("queued", 0);
  }

  /** @return waiting tasks already written to the worker's process ahead of time */
  public int getPrefetched() {
    return json.getInteger("prefetched", 0);
  }

  /** @return whether the worker is running a task now */
  public boolean isRunning() {
    return json.getBoolean("running", false);
  }

  /** @return tasks this slot's processes answered (a result or a failure), over all its processes */
  public long getTasksDone() {
    return json.getLong("tasksDone", 0L);
  }

  /** @return restarts of this slot after a crash */
  public int getRestarts() {
    return json.getInteger("restarts", 0);
  }

  /** @return processes this slot has started: 1 plus every restart and replacement */
  public int getProcesses() {
    return json.getInteger("processes", 0);
  }

  /** @return whether the worker takes tasks (idle, processing, or replacing its process on purpose) */
  public boolean isLive() {
    return json.getBoolean("live", false);
  }

  /**
   * @return whether an elastic pool is retiring the worker: it takes no new task, finishes those it holds, then
   * exits and leaves the list
   */
  public boolean isRetiring() {
    return json.getBoolean("retiring", false);
  }

  /**
   * @return the resident memory of the worker's process last read, in bytes ({@code rss}), or {@code null} where the
   * pool reads none (it does with {@code maxWorkerRss} or {@code maxPoolMemory} set, on Linux)
   */
  public Long getRss() {
    return json.getLong("rss");
  }

  /** @return the used heap the worker reported with its last answer, in bytes, or {@code null} before the first */
  public Long getHeapUsed() {
    return json.getLong("heapUsed");
  }

  /** @return why the worker last crashed (exit status and last stderr lines), or {@code null} if it never did */
  public String getLastCrash() {
    return json.getString("lastCrash");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof WorkerStats stats && json.equals(stats.json);
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
