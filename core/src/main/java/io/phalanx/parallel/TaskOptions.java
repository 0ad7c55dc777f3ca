package io.phalanx.parallel;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * Options of one task request. They can only narrow what the pool allows: the pool's limits are ceilings.
 * <p>
 * On the event bus the timeout travels in the header {@value #TIMEOUT_HEADER} (milliseconds as a decimal string).
 */
@DataObject
@JsonGen(publicConverter = false)
public class TaskOptions {

  /** The event-bus header carrying a task's timeout in milliseconds. */
  public static final String TIMEOUT_HEADER = EventBusHeaders.TIMEOUT;

  /** No timeout of the request's own: the pool's {@link ParallelConfig#setTaskTimeout task timeout} applies. */
  public static final long DEFAULT_TIMEOUT = -1;

  private long timeout = DEFAULT_TIMEOUT;

  public TaskOptions() {
  }

  public TaskOptions(TaskOptions other) {
    this.timeout = other.timeout;
  }

  /**
   * @throws IllegalArgumentException naming an unknown key, or a key whose value is out of range or of the wrong type
   */
  public TaskOptions(JsonObject json) {
    JsonSettings.apply(this, json);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    TaskOptionsConverter.toJson(this, json);
    return json;
  }

  public long getTimeout() {
    return timeout;
  }

  /**
   * Sets how long this task may run once handed to its worker. The pool's {@link ParallelConfig#setTaskTimeout task
   * timeout} is a ceiling this can lower, never lift: the task gets the shorter of the two; 0 and -1 ask for nothing
   * of the request's own, so the pool's applies (with none there, the task has none).
   *
   * @param timeout milliseconds, at least -1 (default {@value #DEFAULT_TIMEOUT})
   */
  public TaskOptions setTimeout(long timeout) {
    this.timeout = Checks.atLeast("timeout", timeout, -1);
    return this;
  }
}
