package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.ParallelConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The raw baselines: bare child JVMs ({@link RawChildren}) with the workers' JVM options, JSON lines over pipes and
 * over Unix domain sockets, no Vert.x. The floor each pool figure is compared with.
 */
final class RawBench {

  private final Bench.Settings settings;
  private final BenchResults results;
  private final CpuBatch cpuBatch;

  RawBench(Bench.Settings settings, BenchResults results, CpuBatch cpuBatch) {
    this.settings = settings;
    this.results = results;
    this.cpuBatch = cpuBatch;
  }

  private static List<String> rawChildCommand() {
    List<String> command = new ArrayList<>(List.of(Bench.JAVA));
    command.addAll(ParallelConfig.DEFAULT_JVM_OPTIONS);
    command.addAll(List.of("-cp", Bench.CLASS_PATH, RawChild.class.getName()));
    return command;
  }

  void run() throws Exception {
    overPipes();
    overSockets();
    cpuBatchOverSockets(1);
    cpuBatchOverSockets(2);
  }

  /**
   * The CPU batch on bare children, one parent thread per child blocking in a read for each answer and 2 tasks in
   * flight per child, as the pool's batch keeps them: the floor of {@code cpu_batch_<n>w_s} and of the parent's CPU per
   * CPU-heavy task on this machine.
   */
  private void cpuBatchOverSockets(int children) throws Exception {
    int mib = settings.cpuMebibytes();
    try (RawChildren raw = new RawChildren(rawChildCommand(), children, true)) {
      int warmups = SteadyState.runUntilSteady(() -> batch(raw, CpuBatch.seeds(settings.cpuTasks(), 1_000), mib));
      results.note("raw_cpu_batch_" + children + "w_s: " + warmups + " untimed warm-up batches");
      SteadyState.settleCompiler();
      List<Double> seconds = new ArrayList<>();
      CpuPerTask parentCpu = new CpuPerTask();
      for (int r = 0; r < settings.cpuRuns(); r++) {
        parentCpu.start();
        long started = System.nanoTime();
        List<String> digests = batch(raw, CpuBatch.seeds(settings.cpuTasks(), 1), mib);
        seconds.add((System.nanoTime() - started) / 1e9);
        parentCpu.stop(settings.cpuTasks());
        cpuBatch.checkDigests(digests);
      }
      results.record("raw_cpu_batch_" + children + "w_s", seconds,
        cpuBatch.description(children + " bare " + (children == 1 ? "child" : "children") + " on a Unix domain socket "
          + "each, 2 tasks in flight per child"));
      parentCpu.record(results, "raw_parent_cpu_per_cpu_task_" + children + "w", "CPU time of this JVM (every "
        + "thread) per task during each timed batch of raw_cpu_batch_" + children + "w_s: the floor of "
        + "parent_cpu_per_cpu_task_" + children + "w_us");
    }
  }

  private static List<String> batch(RawChildren raw, List<Long> seeds, int mib) {
    try {
      return raw.cpuBatch(seeds, mib, 2);
    } catch (Exception e) {
      throw new IllegalStateException("the raw CPU batch failed: " + e, e);
    }
  }

  private void overPipes() throws Exception {
    String payload = Bench.payload();
    try (RawChildren one = new RawChildren(rawChildCommand(), 1)) {
      one.pingPong(settings.rttWarmup());
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (int r = 0; r < settings.rttRuns(); r++) {
        long[] nanos = one.pingPong(settings.rttCount());
        p50.add(Stats.percentile(nanos, 50) / 1e3);
        p99.add(Stats.percentile(nanos, 99) / 1e3);
      }
      results.record("raw_rtt_p50_us", p50, "bare child, one JSON line out and back at a time; p50 per run");
      results.record("raw_rtt_p99_us", p99, "the same, p99 per run");

      one.payloadRoundTrips(payload, settings.payloadWarmup());
      List<Double> mbPerS = new ArrayList<>();
      for (int r = 0; r < settings.payloadRuns(); r++) {
        double seconds = one.payloadRoundTrips(payload, settings.payloadCount());
        mbPerS.add(2.0 * Bench.PAYLOAD_BYTES * settings.payloadCount() / seconds / 1e6);
      }
      results.record("raw_payload_1mib_mb_per_s", mbPerS,
        "bare child echoing 1 MiB strings, one at a time; MB out + MB back per second");

      Load load;
      try (RawChildren.Pipeline pipeline = one.pipeline(settings.rawWindowPerChild())) {
        load = Load.sample(pipeline::completed, one.pids(), settings.rawWarmupS(), settings);
      }
      results.record("raw_throughput_1c_per_s", load.rates(),
        "bare child, " + settings.rawWindowPerChild() + " JSON lines in flight");
    }
    try (RawChildren two = new RawChildren(rawChildCommand(), 2)) {
      Load load;
      try (RawChildren.Pipeline pipeline = two.pipeline(settings.rawWindowPerChild())) {
        load = Load.sample(pipeline::completed, two.pids(), settings.rawWarmupS(), settings);
      }
      results.record("raw_throughput_per_s", load.rates(),
        "2 bare children, " + settings.rawWindowPerChild() + " JSON lines in flight each");
      results.record("raw_parent_cpu_per_task_us", load.parentCpuUs(),
        "CPU time of this JVM per task during raw_throughput_per_s");
      results.record("raw_child_cpu_per_task_us", load.childCpuUs(),
        "CPU time of the 2 bare children together per task during raw_throughput_per_s");
    }
  }

  /** The same baselines over a Unix domain socket per child: the floor of the pool's worker channel. */
  private void overSockets() throws Exception {
    try (RawChildren one = new RawChildren(rawChildCommand(), 1, true)) {
      one.pingPong(settings.rttWarmup());
      List<Double> p50 = new ArrayList<>();
      for (int r = 0; r < settings.rttRuns(); r++) {
        p50.add(Stats.percentile(one.pingPong(settings.rttCount()), 50) / 1e3);
      }
      results.record("raw_uds_rtt_p50_us", p50, "bare child on a Unix domain socket, one JSON line out and back "
        + "at a time; p50 per run");
    }
    try (RawChildren two = new RawChildren(rawChildCommand(), 2, true)) {
      Load load;
      try (RawChildren.Pipeline pipeline = two.pipeline(settings.rawWindowPerChild())) {
        load = Load.sample(pipeline::completed, two.pids(), settings.rawWarmupS(), settings);
      }
      results.record("raw_uds_throughput_per_s", load.rates(),
        "2 bare children on a Unix domain socket each, " + settings.rawWindowPerChild() + " JSON lines in flight each");
      results.record("raw_uds_parent_cpu_per_task_us", load.parentCpuUs(),
        "CPU time of this JVM per task during raw_uds_throughput_per_s");
    }
  }
}
