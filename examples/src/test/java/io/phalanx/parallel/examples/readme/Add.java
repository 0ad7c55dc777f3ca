package io.phalanx.parallel.examples.readme;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/** A stand-in: the README's first task, which the snippets of {@code docs/} use without declaring it. */
public record Add(int a, int b) implements Task<Integer> {

  @Override
  public Integer run(TaskScope scope) {
    return a + b;
  }
}
