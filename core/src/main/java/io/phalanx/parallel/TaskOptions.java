package io.phalanx.parallel;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * Options of one task request. They can only narrow what the pool allows: the pool's limits are ceilings.
 * <p>
 * On the event bus the timeout travels in the header {@value #TIMEOUT_HEADER} (milliseconds as a decimal string), the
 * retries in {@value #RETRIES_HEADER}.
 */
@DataObject
@JsonGen(publicConverter = false)
public class TaskOptions {

  /** The event-bus header carrying a task's timeout in milliseconds. */
  public static final String TIMEOUT_HEADER = EventBusHeaders.TIMEOUT;

  /** No timeout of the request's own: the pool's {@link ParallelConfig#setTaskTimeout task timeout} applies. */
  public static final long DEFAULT_TIMEOUT = -1;

  /** The event-bus header carrying how often a task may be tried again after a crash. */
  public static final String RETRIES_HEADER = EventBusHeaders.RETRIES;

  /** Use the pool's {@link ParallelConfig#setRetriesOnCrash retries}. */
  public static final int DEFAULT_RETRIES_ON_CRASH = -1;

  private long timeout = DEFAULT_TIMEOUT;
  private int retriesOnCrash = DEFAULT_RETRIES_ON_CRASH;

  public TaskOptions() {
  }

  public TaskOptions(TaskOptions other) {
    this.timeout = other.timeout;
    this.retriesOnCrash = other.retriesOnCrash;
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

  public int getRetriesOnCrash() {
    return retriesOnCrash;
  }

  /**
   * Sets how often this task may be tried again if its worker dies under it, within the pool's
   * {@link ParallelConfig#setRetriesOnCrash retriesOnCrash}: a request may lower the pool's retries (0 for a task that
   * must never run twice), never raise them. A larger value means the pool's.
   *
   * @param retriesOnCrash 0 or more, or -1 (the default) for the pool's
   */
  public TaskOptions setRetriesOnCrash(int retriesOnCrash) {
    Checks.requireArgument(retriesOnCrash >= -1,
      "retriesOnCrash must be -1 (the pool's), 0 (never) or positive, was %d", retriesOnCrash);
    this.retriesOnCrash = retriesOnCrash;
    return this;
  }
}
