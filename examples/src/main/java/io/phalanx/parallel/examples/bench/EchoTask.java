package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * Returns its argument: a round trip of {@code payload} to a worker and back, for the payload benchmark.
 *
 * @param payload the string sent and returned (the benchmark uses 1 MiB of ASCII letters)
 */
public record EchoTask(String payload) implements Task<String> {

  @Override
  public String run(TaskScope scope) {
    return payload;
  }
}
