package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.examples.WorkerProcesses;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The traced round trip of the benchmark at toy size: both pools answer, every task of the traced one ends a span
 * (the measurement fails otherwise), and both keys are recorded.
 */
class TracedRoundTripTest {

  @Test
  void measuresBothPoolsAndTracesEveryTask() throws Exception {
    BenchResults results = new BenchResults();

    TracedRoundTrip.measure(20, 50, 2, results);

    assertThat(results.value("noop_rtt_p50_us_untraced")).isPositive();
    assertThat(results.value("noop_rtt_p50_us_traced")).isPositive();
    WorkerProcesses.assertNoWorkerAlive(Duration.ofSeconds(10));
  }
}
