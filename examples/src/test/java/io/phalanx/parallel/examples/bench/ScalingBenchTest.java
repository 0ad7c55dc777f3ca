package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scaling benchmark end to end at toy size: real pools of 1 and 2 workers, one batch each (the real run is for a
 * machine of many cores).
 */
class ScalingBenchTest {

  @Test
  void runsTheBatchOnEachPoolSizeAndWritesTheSpeedUps(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("scaling.json");

    int status = new ScalingBench().run(List.of(1, 2), 4, 1, 1, out);

    assertThat(status).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertThat(json.get("tasks").intValue()).isEqualTo(4);
    JsonNode results = json.get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("workers").intValue()).isEqualTo(1);
    assertThat(results.get(0).get("speedup").doubleValue()).isEqualTo(1.0);
    assertThat(results.get(1).get("workers").intValue()).isEqualTo(2);
    double oneWorker = results.get(0).get("batch_s").doubleValue();
    double twoWorkers = results.get(1).get("batch_s").doubleValue();
    assertThat(twoWorkers).isPositive();
    assertThat(results.get(1).get("speedup").doubleValue()).isCloseTo(oneWorker / twoWorkers,
      org.assertj.core.data.Offset.offset(1e-9));
    io.phalanx.parallel.examples.WorkerProcesses.assertNoWorkerAlive(java.time.Duration.ofSeconds(10));
  }
}
