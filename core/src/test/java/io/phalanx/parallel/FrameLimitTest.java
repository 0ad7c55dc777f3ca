package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Repeat;
import io.phalanx.parallel.testing.PoolTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameLimitTest extends PoolTestBase {

  private Parallel parallel;

  @BeforeEach
  void startPool() {
    parallel = deployPool(ParallelConfig.singleWorker().setMaxFrameBytes(4096));
  }

  @Test
  void taskOverFrameLimitIsRefusedBeforeSending() {
    Throwable failure = failureOf(parallel.inWorker(new Repeat("x".repeat(10_000), 1)));
    assertThat(failure).isInstanceOf(InvalidTaskException.class).hasMessageContaining("frame size limit of 4096");
  }

  @Test
  void resultOverFrameLimitFailsTaskWorkerServesOn() {
    Throwable failure = failureOf(parallel.inWorker(new Repeat("y", 10_000)));
    assertThat(failure).isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("frame size limit of 4096");
    assertThat(((ParallelException) failure).failureCode()).isEqualTo(FailureCodes.PAYLOAD_TOO_LARGE);
    assertThat(await(parallel.inWorker(new Add(3, 4)))).isEqualTo(7);
  }

  @Test
  void payloadsUnderTheLimitPass() {
    assertThat(await(parallel.inWorker(new Repeat("z", 1000)))).hasSize(1000);
  }
}
