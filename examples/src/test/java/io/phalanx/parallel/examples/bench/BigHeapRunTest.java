package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.examples.SourceImages;
import io.phalanx.parallel.examples.WorkerProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The big-heap thumbnails at toy size: each model runs in a JVM of its own beside a small cache, and the benchmark
 * records what that JVM measured.
 */
class BigHeapRunTest {

  @TempDir
  Path work;

  @Test
  void eachModelRunsInAJvmOfItsOwnAndItsKeysAreRecorded() throws Exception {
    Path images = work.resolve("thumbnails");
    SourceImages.generate(images, 2, 400, 300);
    BenchResults results = new BenchResults();

    BigHeapRun.inChildJvm("pool", images, 2, 2, 1_000, results);
    BigHeapRun.inChildJvm("execblocking", images, 2, 1, 1_000, results);

    assertThat(results.runs("thumbnails_pool_2w_bigheap_s")).hasSize(2).allMatch(seconds -> seconds > 0);
    assertThat(results.runs("eventloop_p999_ms_pool_2w_bigheap")).hasSize(2);
    assertThat(results.runs("thumbnails_execblocking_2w_bigheap_s")).hasSize(1).allMatch(seconds -> seconds > 0);
    assertThat(results.description("thumbnails_pool_2w_bigheap_s")).contains("pool of 2")
      .contains("a cache of 1000 entries");
    assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).isEmpty();
    WorkerProcesses.assertNoWorkerAlive(Duration.ofSeconds(10));
  }

  @Test
  void aRunThatFailsInItsJvmFailsTheBenchmarkWithTheExitStatus() throws Exception {
    Path images = work.resolve("thumbnails");
    SourceImages.generate(images, 1, 400, 300);

    assertThatThrownBy(() -> BigHeapRun.inChildJvm("threads", images, 1, 1, 10, new BenchResults()))
      .isInstanceOf(IllegalStateException.class).hasMessageContaining("exit status 1");
    assertThatThrownBy(() -> BigHeapRun.inChildJvm("pool", images, 3, 1, 10, new BenchResults()))
      .hasMessageContaining("exit status 1");
  }
}
