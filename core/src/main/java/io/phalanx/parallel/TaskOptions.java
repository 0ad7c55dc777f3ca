package io.phalanx.parallel;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * Options of one task request.
 * <p>
 * On the event bus the timeout travels in the header {@value #TIMEOUT_HEADER} (milliseconds as a decimal string).
 */
@DataObject
@JsonGen(publicConverter = false)
public class TaskOptions {

  /** The event-bus header carrying a task's timeout in milliseconds. */
  public static final String TIMEOUT_HEADER = EventBusHeaders.TIMEOUT;

  /** Use the pool's {@link ParallelConfig#setTaskTimeout task timeout}. */
  public static final long DEFAULT_TIMEOUT = -1;

  private long timeout = DEFAULT_TIMEOUT;

  public TaskOptions() {
  }

  public TaskOptions(TaskOptions other) {
    this.timeout = other.timeout;
  }

  public TaskOptions(JsonObject json) {
    this();
    TaskOptionsConverter.fromJson(json, this);
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
   * @param timeout milliseconds this task may run once handed to its worker; 0 for no timeout, -1 (the default)
   *                for the pool's
   */
  public TaskOptions setTimeout(long timeout) {
    if (timeout < -1) {
      throw new IllegalArgumentException("timeout must be -1 (the pool's), 0 (none) or positive, was " + timeout);
    }
    this.timeout = timeout;
    return this;
  }
}
