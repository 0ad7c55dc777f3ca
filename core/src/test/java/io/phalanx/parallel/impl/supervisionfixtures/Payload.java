package io.phalanx.parallel.impl.supervisionfixtures;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** A task of a chosen size for the supervision tests; it never runs, the fake worker answers for it. */
public record Payload(String text) implements Task<Integer> {

  public static Payload ofSize(int chars) {
    return new Payload("x".repeat(chars));
  }

  @Override
  public Integer run(TaskScope scope) {
    return text.length();
  }
}
