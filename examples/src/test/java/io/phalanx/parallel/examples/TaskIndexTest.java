package io.phalanx.parallel.examples;

import io.phalanx.parallel.tasktypes.TaskIndex;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples compile with the phalanx-parallel-codegen processor: their task index lists exactly their tasks.
 */
class TaskIndexTest {

  @Test
  void theGeneratedIndexListsTheExampleTasks() {
    assertThat(TaskIndex.load(getClass().getClassLoader()))
      .contains(ProcessImage.class.getName(), CountPrimes.class.getName())
      .allMatch(name -> name.startsWith("io.phalanx.parallel.examples."));
  }
}
