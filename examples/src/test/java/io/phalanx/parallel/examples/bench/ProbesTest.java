package io.phalanx.parallel.examples.bench;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The benchmark's probes: an event loop's lateness and this JVM's CPU time by kind of thread. */
class ProbesTest {

  @Test
  void anOpenProbeCountsUntilStopped() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EventLoopLatency probe = EventLoopLatency.start(vertx.getOrCreateContext(), 1);
      // stopped once it has fired at least a few times: the next fixed-length measurement completes after 20 firings
      EventLoopLatency.measure(vertx.getOrCreateContext(), 1, 20).await(10, TimeUnit.SECONDS);
      EventLoopLatency.Result result = probe.stop().await(10, TimeUnit.SECONDS);

      assertThat(result.samples()).isGreaterThanOrEqualTo(10);
      assertThat(result.percentileMillis(99)).isNotNegative();
      assertThat(probe.stop().await(10, TimeUnit.SECONDS).samples()).as("a second stop").isEqualTo(result.samples());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anEmptyResultHasNoPercentile() {
    assertThat(new EventLoopLatency.Result(new long[0]).percentileMillis(99)).isNaN();
  }

  @Test
  void threadsAreSortedByKind() {
    assertThat(ThreadCpu.kindOf("vert.x-eventloo")).isEqualTo("eventloop");
    assertThat(ThreadCpu.kindOf("C2 CompilerThre")).isEqualTo("jit");
    assertThat(ThreadCpu.kindOf("GC Thread#0")).isEqualTo("gc");
    assertThat(ThreadCpu.kindOf("VM Thread")).isEqualTo("gc");
    assertThat(ThreadCpu.kindOf("raw-cpu-0")).isEqualTo("raw");
    assertThat(ThreadCpu.kindOf("main")).isEqualTo("other");
  }

  @Test
  void cpuSinceASnapshotCountsThisThreadsWork() {
    assumeTrue(ThreadCpu.available(), "Linux /proc with schedstat only");
    ThreadCpu before = ThreadCpu.now();
    long sum = 0;
    for (long i = 0; i < 50_000_000L; i++) {
      sum += i ^ (sum >>> 3);
    }

    var used = ThreadCpu.now().since(before);

    assertThat(sum).isNotZero();
    assertThat(used).containsOnlyKeys(ThreadCpu.KINDS);
    assertThat(used.get("other")).as("this test's thread is of kind other").isGreaterThan(1_000_000L);
  }

  @Test
  void cpuPerTaskRecordsTheTotalAndEachKind() {
    assumeTrue(ThreadCpu.available(), "Linux /proc with schedstat only");
    CpuPerTask cpu = new CpuPerTask();
    long sum = 0;
    for (int batch = 0; batch < 2; batch++) {
      cpu.start();
      for (long i = 0; i < 20_000_000L; i++) {
        sum += i ^ (sum >>> 3);
      }
      cpu.stop(10);
    }
    BenchResults results = new BenchResults();

    cpu.record(results, "x_cpu", "what x_cpu_us is");

    assertThat(sum).isNotZero();
    assertThat(results.values()).containsKeys("x_cpu_us", "x_cpu_other_us", "x_cpu_jit_us", "x_cpu_eventloop_us");
    assertThat(results.value("x_cpu_other_us")).as("this thread's loop, per task of 10").isPositive()
      .isLessThanOrEqualTo(results.value("x_cpu_us"));
  }
}
