package io.phalanx.parallel.examples.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw baselines' bare children: the CPU batch they run is the pool's floor, so it must be the same work. */
class RawChildrenTest {

  private static final List<String> COMMAND = List.of(Bench.JAVA, "-cp", Bench.CLASS_PATH, RawChild.class.getName());

  @Test
  void bareChildrenHashWhatTheTaskHashes() throws Exception {
    List<Long> seeds = CpuBatch.seeds(5, 7);
    List<String> expected = seeds.stream().map(s -> Sha256Task.digest(s, 1)).toList();
    List<Long> pids;
    try (RawChildren raw = new RawChildren(COMMAND, 2, true)) {
      pids = raw.pids();

      assertThat(raw.cpuBatch(seeds, 1, 2)).containsExactlyElementsOf(expected);
      assertThat(raw.cpuBatch(seeds, 1, 2)).as("a second batch, on the same threads").containsExactlyElementsOf(expected);
    }
    assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
      .as("child %d after close", pid).isFalse());
  }
}
