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

  RawBench(Bench.Settings settings, BenchResults results) {
    this.settings = settings;
    this.results = results;
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
