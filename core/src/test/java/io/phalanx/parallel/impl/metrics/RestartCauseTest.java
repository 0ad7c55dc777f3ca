package io.phalanx.parallel.impl.metrics;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RestartCauseTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "exited unexpectedly with exit code 9 | exit",
    "closed its stdout | exit",
    "protocol error: sent a second ready frame | protocol_error",
    "sent no ready frame within the start timeout of 100 ms (ParallelConfig.setStartTimeout) | start_failure",
    "cannot be started: '/nope/java' could not be executed | start_failure",
    "exited with exit code 1 before sending its ready frame | start_failure",
    "killed after a.B ran past its timeout of 50 ms | task_timeout",
    "killed after a.B ignored its cancellation for 10 ms | cancel_timeout",
    "recycled after 3 tasks (ParallelConfig.setMaxTasksPerWorker) | max_tasks",
    "recycled with 9 bytes of used heap, over the ceiling of 1 (ParallelConfig.setMaxWorkerHeap) | max_heap",
    "something new | other"})
  void aReasonFallsIntoOneCause(String reason, String cause) {
    assertThat(RestartCause.of(reason)).isEqualTo(cause);
  }
}
