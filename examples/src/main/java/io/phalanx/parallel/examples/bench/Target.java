package io.phalanx.parallel.examples.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One target of issue 7: a result key, or the ratio of two, against a limit.
 *
 * @param name        the target's name in {@code results.json}
 * @param numerator   the key measured, or the numerator of the ratio
 * @param denominator the denominator of the ratio; {@code null} for a plain value
 * @param atMost      {@code true}: passes when the measure is at most the limit; {@code false}: at least
 * @param limit       the limit
 */
public record Target(String name, String numerator, String denominator, boolean atMost, double limit) {

  /** The targets of issue 7, in the order they are printed. */
  public static final List<Target> ISSUE_7 = List.of(
    ratio("noop_rtt_vs_raw", "noop_rtt_p50_us", "raw_rtt_p50_us", true, 2.5),
    ratio("throughput_vs_raw", "throughput_2w_per_s", "raw_throughput_per_s", false, 0.25),
    ratio("throughput_vs_python", "throughput_2w_per_s", "python_ppe_noop_per_s", false, 3),
    ratio("throughput_vs_node", "throughput_2w_per_s", "node_fork_noop_per_s", false, 2),
    ratio("cpu_scaling_2w", "cpu_batch_1w_s", "cpu_batch_2w_s", false, 1.8),
    ratio("cpu_2w_vs_threads", "cpu_batch_2w_s", "cpu_batch_threads2_s", true, 1.15),
    ratio("spawn_vs_hello", "spawn_ready_ms", "hello_jvm_ms", true, 6),
    value("idle_worker_pss", "idle_worker_pss_mib", true, 45),
    ratio("payload_vs_raw", "payload_1mib_mb_per_s", "raw_payload_1mib_mb_per_s", false, 0.5));

  /** The targets of issue 21, the second round: tighter, and the pool against executeBlocking. */
  public static final List<Target> ISSUE_21 = List.of(
    ratio("noop_rtt_vs_raw_1.5", "noop_rtt_p50_us", "raw_rtt_p50_us", true, 1.5),
    ratio("throughput_vs_raw_0.5", "throughput_2w_per_s", "raw_throughput_per_s", false, 0.5),
    ratio("parent_cpu_vs_raw", "parent_cpu_per_task_2w_us", "raw_parent_cpu_per_task_us", true, 2),
    ratio("spawn_vs_hello_2", "spawn_ready_ms", "hello_jvm_ms", true, 2),
    value("idle_worker_pss_30", "idle_worker_pss_mib", true, 30),
    ratio("cpu_scaling_2w_1.9", "cpu_batch_1w_s", "cpu_batch_2w_s", false, 1.9),
    value("thumbnails_speedup_2w", "thumbnails_speedup_2w", false, 1.8),
    ratio("thumbnails_vs_execblocking", "thumbnails_pool_2w_s", "thumbnails_execblocking_2w_s", true, 1.0),
    ratio("thumbnails_bigheap_vs_execblocking", "thumbnails_pool_2w_bigheap_s",
      "thumbnails_execblocking_2w_bigheap_s", true, 0.8),
    value("parent_cpu_per_cpu_task_20us", "parent_cpu_per_cpu_task_2w_us", true, 20));

  /**
   * Two limits of issue 21 applied to bare children ({@code raw_*}, no pool at all): where one fails, the machine's
   * floor lies beyond the limit, and the pool's figure is to be read against that floor instead.
   */
  public static final List<Target> FLOORS = List.of(
    ratio("raw_cpu_scaling_2w_1.9", "raw_cpu_batch_1w_s", "raw_cpu_batch_2w_s", false, 1.9),
    value("raw_parent_cpu_per_cpu_task_20us", "raw_parent_cpu_per_cpu_task_2w_us", true, 20),
    ratio("parent_cpu_per_cpu_task_vs_raw", "parent_cpu_per_cpu_task_2w_us", "raw_parent_cpu_per_cpu_task_2w_us",
      true, 1.5));

  /** Every target, as results.json lists them. */
  public static final List<Target> ALL = java.util.stream.Stream.of(ISSUE_7, ISSUE_21, FLOORS)
    .flatMap(List::stream).toList();

  public static Target ratio(String name, String numerator, String denominator, boolean atMost, double limit) {
    return new Target(name, numerator, denominator, atMost, limit);
  }

  public static Target value(String name, String key, boolean atMost, double limit) {
    return new Target(name, key, null, atMost, limit);
  }

  public boolean isRatio() {
    return denominator != null;
  }

  /** {@code <=} or {@code >=}. */
  public String comparison() {
    return atMost ? "<=" : ">=";
  }

  /** What is compared: {@code a / b} or {@code a}. */
  public String measureName() {
    return isRatio() ? numerator + " / " + denominator : numerator;
  }

  /**
   * @param values the results by key; a missing or {@code null} value (a skipped measurement) gives a skipped outcome
   */
  public Outcome evaluate(Map<String, Double> values) {
    Double a = finite(values.get(numerator));
    Double measured;
    if (isRatio()) {
      Double b = finite(values.get(denominator));
      measured = a == null || b == null || b == 0 ? null : a / b;
    } else {
      measured = a;
    }
    Boolean pass = measured == null ? null : atMost ? measured <= limit : measured >= limit;
    return new Outcome(this, measured, pass);
  }

  private static Double finite(Double value) {
    return value == null || value.isNaN() || value.isInfinite() ? null : value;
  }

  /**
   * @param target   the target
   * @param measured the ratio or the value; {@code null} when an input was not measured
   * @param pass     {@code null} when skipped
   */
  public record Outcome(Target target, Double measured, Boolean pass) {

    /** {@code PASS}, {@code FAIL} or {@code SKIP}. */
    public String verdict() {
      return pass == null ? "SKIP" : pass ? "PASS" : "FAIL";
    }

    /** One line for the console. */
    public String describe() {
      String shown = measured == null ? "not measured" : String.format(Locale.ROOT, "%.3f", measured);
      return String.format(Locale.ROOT, "%-4s  %-22s %s = %s (target %s %s)", verdict(), target.name(),
        target.measureName(), shown, target.comparison(), trim(target.limit()));
    }
  }

  static String trim(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
