package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.parallel.ParallelException;

/**
 * Where the outcome of one accepted task goes (the event-bus reply, in practice). Called once, on the supervisor's
 * context.
 */
public interface TaskOutcome {

  void succeeded(JsonNode result);

  void failed(ParallelException failure);

  /**
   * A progress update of the running task; never called after the outcome.
   */
  default void progress(JsonNode update) {
  }

  /**
   * Where a successful result may go before the supervisor's context has handled the response: called on the thread
   * that read it from the worker, and only after the response is queued on the context, so anything the caller does
   * next on the pool finds the response handled. {@link #succeeded} still follows and must then do nothing.
   *
   * @return {@code null} (the default) when the outcome is only ever completed on the supervisor's context
   */
  default java.util.function.Consumer<JsonNode> earlySuccess() {
    return null;
  }
}
