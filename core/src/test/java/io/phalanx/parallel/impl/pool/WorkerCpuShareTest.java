package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each worker's share of the cores, given as {@code -XX:ActiveProcessorCount} unless the application chooses. */
class WorkerCpuShareTest {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private static List<String> jvmOptionsOf(ParallelConfig config) {
    List<String> arguments = new WorkerCommand(config).arguments("worker-0");
    return arguments.subList(0, arguments.indexOf("-cp"));
  }

  @Test
  void theShareIsTheCoresOverTheWorkersAtLeastOne() {
    assertThat(WorkerCommand.share(16, 4)).isEqualTo(4);
    assertThat(WorkerCommand.share(16, 5)).isEqualTo(3);
    assertThat(WorkerCommand.share(2, 4)).isEqualTo(1);
    assertThat(WorkerCommand.share(8, 1)).isEqualTo(8);
  }

  @Test
  void everyWorkerGetsItsShareByDefault() {
    ParallelConfig config = ParallelConfig.defaults().setAgents(2);

    assertThat(jvmOptionsOf(config)).contains("-XX:ActiveProcessorCount=" + WorkerCommand.share(CORES, 2))
      .containsSubsequence("-XX:ActiveProcessorCount=" + WorkerCommand.share(CORES, 2), "-Xmx512m");
  }

  @Test
  void anElasticPoolSharesByItsLargestSize() {
    ParallelConfig config = ParallelConfig.defaults().setAgents(1).setMinAgents(1).setMaxAgents(64);

    assertThat(new WorkerCommand(config).processors()).isEqualTo(WorkerCommand.share(CORES, 64)).isEqualTo(1);
  }

  @Test
  void otherOptionsOfItsOwnKeepTheShare() {
    ParallelConfig config = ParallelConfig.defaults().setJvmOptions(List.of("-Xmx64m", "-Dapp=1"));

    assertThat(jvmOptionsOf(config)).anyMatch(option -> option.startsWith("-XX:ActiveProcessorCount="));
  }

  @Test
  void anExplicitProcessorCountWins() {
    ParallelConfig config = ParallelConfig.defaults().addJvmOption("-XX:ActiveProcessorCount=-1");

    assertThat(jvmOptionsOf(config)).filteredOn(option -> option.startsWith("-XX:ActiveProcessorCount="))
      .containsExactly("-XX:ActiveProcessorCount=-1");
    assertThat(new WorkerCommand(config).processors()).isZero();
  }

  @Test
  void aProcessorCountInJavaToolOptionsWins() {
    assertThat(WorkerCommand.choosesProcessors(List.of(), "-Xss1m -XX:ActiveProcessorCount=3")).isTrue();
    assertThat(WorkerCommand.choosesProcessors(List.of(), "-Xss1m")).isFalse();
    assertThat(WorkerCommand.choosesProcessors(List.of(), null)).isFalse();
  }
}
