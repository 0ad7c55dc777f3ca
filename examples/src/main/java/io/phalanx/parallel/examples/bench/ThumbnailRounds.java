package io.phalanx.parallel.examples.bench;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Times {@link ThumbnailModel}s in turn: each is warmed up, then every round times one batch of each model, one after
 * the other, so that a machine that drifts over the minutes of a run (another tenant, a CPU's clock) moves every
 * model's figures alike and their ratios stay put. After each timed batch, one more measures the lateness of an event
 * loop while the same work runs. The CPU time every process spent on a batch says whether a slower batch did more work
 * or waited for a core.
 */
final class ThumbnailRounds {

  /** The second batch runs warm code in every worker or thread: more only while a batch is still short. */
  private static final int MAX_WARMUP_BATCHES = 4;
  private static final long LONG_BATCH_NANOS = TimeUnit.SECONDS.toNanos(30);

  private ThumbnailRounds() {
  }

  /**
   * Records {@code thumbnails_<name>_s}, {@code thumbnails_<name>_cpu_s}, {@code eventloop_p99_ms_<name>} and
   * {@code eventloop_p999_ms_<name>} of each model.
   *
   * @param images how many thumbnails each batch must make
   * @return each model's seconds per round, by name, in the order of the rounds
   */
  static Map<String, List<Double>> inTurn(Vertx vertx, List<ThumbnailModel> models, int rounds, int images,
                                          BenchResults results) throws Exception {
    for (ThumbnailModel model : models) {
      for (int i = 0; i < MAX_WARMUP_BATCHES; i++) {
        long started = System.nanoTime();
        checkMade(model, model.runBatch().size(), images);
        if (i > 0 && System.nanoTime() - started < LONG_BATCH_NANOS) {
          break;
        }
      }
    }
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    Map<String, List<Double>> p99 = new LinkedHashMap<>();
    Map<String, List<Double>> p999 = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (ThumbnailModel model : models) {
        // timed without the probe: its thousand wake-ups a second take CPU from the work once every core is busy,
        // and the more so the more workers there are
        List<Long> children = ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
        long cpuBefore = ProcessCpu.ownNanos() + ProcessCpu.nanos(children);
        long started = System.nanoTime();
        checkMade(model, model.runBatch().size(), images);
        seconds.computeIfAbsent(model.name(), k -> new ArrayList<>()).add((System.nanoTime() - started) / 1e9);
        cpu.computeIfAbsent(model.name(), k -> new ArrayList<>())
          .add((ProcessCpu.ownNanos() + ProcessCpu.nanos(children) - cpuBefore) / 1e9);
        EventLoopLatency probe = EventLoopLatency.start(vertx.getOrCreateContext(), 1);
        checkMade(model, model.runBatch().size(), images);
        EventLoopLatency.Result lateness = probe.stop().await(10, TimeUnit.SECONDS);
        p99.computeIfAbsent(model.name(), k -> new ArrayList<>()).add(lateness.percentileMillis(99));
        p999.computeIfAbsent(model.name(), k -> new ArrayList<>()).add(lateness.percentileMillis(99.9));
      }
    }
    for (ThumbnailModel model : models) {
      String name = model.name();
      results.record("eventloop_p99_ms_" + name, p99.get(name), "lateness of a 1 ms timer on an event loop of the "
        + "same Vert.x while the work of thumbnails_" + name + "_s runs (a batch of its own after each timed one), "
        + "p99 per run");
      results.record("eventloop_p999_ms_" + name, p999.get(name), "the same, p99.9 per run");
      results.record("thumbnails_" + name + "_s", seconds.get(name), model.description() + "; "
        + (models.size() > 1 ? "a batch of each model in turn, " : "") + "median s per batch");
      results.record("thumbnails_" + name + "_cpu_s", cpu.get(name), "the CPU time of this JVM and of its child "
        + "processes (the workers) during each batch of thumbnails_" + name + "_s; median s per batch");
    }
    return seconds;
  }

  private static void checkMade(ThumbnailModel model, int made, int images) {
    if (made != images) {
      throw new IllegalStateException(model.name() + " made " + made + " thumbnails of " + images);
    }
  }
}
