package io.phalanx.parallel.examples.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This JVM's CPU time per task over the timed batches of one measurement, in all and by kind of thread
 * ({@link ThreadCpu}): the {@code <key>_us} and {@code <key>_<kind>_us} results. Without per-thread run times (no
 * Linux {@code /proc}) nothing is taken and nothing recorded.
 */
final class CpuPerTask {

  private final Map<String, List<Double>> microsByKind = new LinkedHashMap<>();
  private ThreadCpu before;

  /** Marks the start of a timed batch. */
  void start() {
    before = ThreadCpu.available() ? ThreadCpu.now() : null;
  }

  /** Marks the end of the batch started last, which ran {@code tasks} tasks. */
  void stop(int tasks) {
    if (before == null) {
      return;
    }
    Map<String, Long> used = ThreadCpu.now().since(before);
    before = null;
    microsByKind.computeIfAbsent("", k -> new ArrayList<>())
      .add(used.values().stream().mapToLong(Long::longValue).sum() / 1e3 / tasks);
    used.forEach((kind, nanos) -> microsByKind.computeIfAbsent("_" + kind, k -> new ArrayList<>())
      .add(nanos / 1e3 / tasks));
  }

  /**
   * @param key         the results' key, without {@code _us}
   * @param description what {@code <key>_us} is
   */
  void record(BenchResults results, String key, String description) {
    microsByKind.forEach((kind, perTask) -> results.record(key + kind + "_us", perTask, kind.isEmpty() ? description
      : "the part of " + key + "_us its " + kind.substring(1) + " threads ran"));
  }
}
