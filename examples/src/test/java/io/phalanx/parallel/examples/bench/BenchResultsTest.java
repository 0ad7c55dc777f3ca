package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The arithmetic and the JSON of the benchmark, without running it (the benchmark itself takes minutes).
 */
class BenchResultsTest {

  @Test
  void medianOfEvenCountIsMeanOfMiddleTwo() {
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of())).isNaN();
  }

  @Test
  void percentilesAreNearestRankAndLeaveTheSamplesAlone() {
    long[] samples = {50, 10, 40, 30, 20, 60, 70, 80, 90, 100};
    assertThat(Stats.percentile(samples, 50)).isEqualTo(50);
    assertThat(Stats.percentile(samples, 99)).isEqualTo(100);
    assertThat(Stats.percentile(samples, 10)).isEqualTo(10);
    assertThat(Stats.percentile(samples, 100)).isEqualTo(100);
    assertThat(samples[0]).isEqualTo(50);
    assertThatThrownBy(() -> Stats.percentile(samples, 0)).hasMessageContaining("(0, 100]");
    assertThatThrownBy(() -> Stats.percentile(new long[0], 50)).hasMessageContaining("no samples");
  }

  @Test
  void targetIsSkippedWhenAnInputIsUnmeasured() {
    Target atMost = Target.ratio("rtt", "a", "b", true, 2.5);
    Target atLeast = Target.ratio("tput", "a", "b", false, 0.25);
    Target value = Target.value("pss", "m", true, 45);
    Map<String, Double> values = new LinkedHashMap<>(Map.of("a", 50.0, "b", 20.0, "m", 45.0));

    assertThat(atMost.evaluate(values).measured()).isEqualTo(2.5);
    assertThat(atMost.evaluate(values).pass()).isTrue();
    assertThat(atLeast.evaluate(values).pass()).isTrue();
    assertThat(value.evaluate(values).pass()).isTrue();

    values.put("a", 51.0);
    values.put("m", 45.5);
    assertThat(atMost.evaluate(values).verdict()).isEqualTo("FAIL");
    assertThat(value.evaluate(values).verdict()).isEqualTo("FAIL");

    values.put("b", null);
    assertThat(atMost.evaluate(values).measured()).isNull();
    assertThat(atMost.evaluate(values).verdict()).isEqualTo("SKIP");
    values.remove("b");
    assertThat(atLeast.evaluate(values).pass()).isNull();
    values.put("b", 0.0);
    assertThat(atLeast.evaluate(values).verdict()).isEqualTo("SKIP");
  }

  @Test
  void theIssueTargetsNameTheirKeysAndLimits() {
    assertThat(Target.ISSUE_7).extracting(Target::name).containsExactly("noop_rtt_vs_raw", "throughput_vs_raw",
      "throughput_vs_python", "throughput_vs_node", "cpu_scaling_2w", "cpu_2w_vs_threads", "spawn_vs_hello",
      "idle_worker_pss", "payload_vs_raw");
    Target spawn = Target.ISSUE_7.get(6);
    assertThat(spawn.measureName()).isEqualTo("spawn_ready_ms / hello_jvm_ms");
    assertThat(spawn.comparison()).isEqualTo("<=");
    assertThat(spawn.limit()).isEqualTo(6);
    assertThat(Target.ISSUE_7.get(7).isRatio()).isFalse();
  }

  @Test
  void theJsonHoldsTheMediansTheRunsTheTargetsAndTheNotes() {
    BenchResults results = new BenchResults();
    results.record("noop_rtt_p50_us", List.of(120.0, 100.0, 110.0), "pool");
    results.record("raw_rtt_p50_us", List.of(50.0, 40.0), "raw");
    results.skip("python_ppe_noop_per_s", "python3 is not on the PATH", "python");
    results.setting("window", 128);

    JsonNode json = results.toJson(new ObjectMapper(), "quick", Map.of("cores", 2), Target.ISSUE_7);

    assertThat(json.get("noop_rtt_p50_us").asDouble()).isEqualTo(110.0);
    assertThat(json.get("raw_rtt_p50_us").asDouble()).isEqualTo(45.0);
    assertThat(json.get("python_ppe_noop_per_s").isNull()).isTrue();
    assertThat(json.get("mode").asText()).isEqualTo("quick");
    assertThat(json.at("/machine/cores").asInt()).isEqualTo(2);
    assertThat(json.at("/repetitions/noop_rtt_p50_us").asInt()).isEqualTo(3);
    assertThat(json.at("/repetitions/python_ppe_noop_per_s").asInt()).isZero();
    assertThat(json.at("/runs/raw_rtt_p50_us")).hasSize(2);
    JsonNode rtt = json.at("/targets/noop_rtt_vs_raw");
    assertThat(rtt.get("ratio").asDouble()).isCloseTo(2.444, org.assertj.core.data.Offset.offset(0.001));
    assertThat(rtt.get("limit").asDouble()).isEqualTo(2.5);
    assertThat(rtt.get("pass").asBoolean()).isTrue();
    JsonNode python = json.at("/targets/throughput_vs_python");
    assertThat(python.get("ratio").isNull()).isTrue();
    assertThat(python.get("pass").isNull()).isTrue();
    assertThat(json.at("/targets/idle_worker_pss").has("value")).isTrue();
    assertThat(json.at("/settings/window").asInt()).isEqualTo(128);
    assertThat(json.get("notes").get(0).asText()).contains("python_ppe_noop_per_s").contains("not on the PATH");
  }

  @Test
  void theTableShowsEveryKeyWithItsUnit() {
    BenchResults results = new BenchResults();
    results.record("throughput_2w_per_s", List.of(12_345.0), "pool");
    results.record("payload_1mib_mb_per_s", List.of(90.0), "payload");
    results.skip("node_fork_noop_per_s", "node is not on the PATH", "node");
    String table = results.table();
    assertThat(table).contains("throughput_2w_per_s").contains("12,345").contains("tasks/s");
    assertThat(table).contains("MB/s");
    assertThat(table).containsPattern("node_fork_noop_per_s\\s+n/a");
    assertThat(BenchResults.unit("cpu_batch_2w_s")).isEqualTo("s");
    assertThat(BenchResults.unit("spawn_ready_ms")).isEqualTo("ms");
    assertThat(BenchResults.unit("idle_worker_pss_mib")).isEqualTo("MiB");
    assertThat(BenchResults.unit("eventloop_p99_ms_nice10")).isEqualTo("ms");
  }

  @Test
  void quickRunsFewerAndShorterRepetitionsOfTheSameWork() {
    Bench.Settings quick = Bench.Settings.quick();
    Bench.Settings full = Bench.Settings.full();
    assertThat(quick.mode()).isEqualTo("quick");
    assertThat(full.mode()).isEqualTo("full");
    assertThat(quick.spawnRuns()).isLessThan(full.spawnRuns());
    assertThat(quick.rttRuns()).isLessThan(full.rttRuns());
    assertThat(quick.throughputIntervalS() * quick.throughputRuns())
      .isLessThan(full.throughputIntervalS() * full.throughputRuns());
    assertThat(quick.cpuRuns()).isLessThan(full.cpuRuns());
    // the same batch and the same windows: only the repetitions differ
    assertThat(quick.cpuTasks()).isEqualTo(full.cpuTasks()).isEqualTo(64);
    assertThat(quick.cpuMebibytes()).isEqualTo(full.cpuMebibytes());
    assertThat(quick.rawWindowPerChild()).isEqualTo(full.rawWindowPerChild()).isEqualTo(64);
    assertThat(quick.windowPerWorker()).isEqualTo(full.windowPerWorker());
    assertThat(full.asMap()).containsEntry("mode", "full").containsEntry("cpuRuns", 7)
      .containsKeys("thumbImages", "thumbRuns", "rawWarmupS")
      .hasSize(Bench.Settings.class.getRecordComponents().length);
  }

  @Test
  void cpuTaskIsTheSameInWorkerAndParent() {
    String digest = Sha256Task.digest(1, 1);
    assertThat(digest).hasSize(64).isEqualTo(Sha256Task.digest(1, 1));
    assertThat(Sha256Task.digest(2, 1)).isNotEqualTo(digest);
    assertThat(new Sha256Task(1, 1).run(null)).isEqualTo(digest);
    assertThat(Bench.payload()).hasSize(Bench.PAYLOAD_BYTES).matches("[a-z]+");
  }
}
