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
}
