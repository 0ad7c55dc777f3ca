package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolStats;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.WorkerStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The parent's event-loop latency while its workers keep every core busy, by the workers' CPU priority (issue 20,
 * item 4): a 1 ms timer's lateness ({@link EventLoopLatency}) on an event loop of the Vert.x that hosts the pool,
 * while each worker spins, at {@code workerNice} 0 and 10. By default the pool has twice as many workers as cores
 * (the default pool of 4 on a 2-core machine); {@code --workers} sets another count. Two controls: the idle machine,
 * and nice 10 given by hand to the worker processes only ({@code renice}, the way a first try here did it), which
 * leaves each worker's scheduling autogroup at 0. A warm-up round comes first (this JVM's JIT competes with its own
 * event loop at first), then the runs of the cases, interleaved, so that a change in the machine's load spreads over
 * all of them; the notes say how much CPU other processes took during each run.
 * <p>
 * Part of {@link Bench} (keys {@code eventloop_p99_ms_*} and {@code eventloop_p50_ms_*}); also runs alone:
 * {@code java -cp <examples jar>:<class path> io.phalanx.parallel.examples.bench.EventLoopBench [--quick]
 * [--runs N] [--seconds S] [--workers N] [--out FILE]} (quick: 3 runs of 5 s per case, full: 5 of 6 s).
 */
public final class EventLoopBench {

  /** A case: the nice value the pool gives its workers, or the one {@code renice} gives them after their start. */
  private record Case(String key, int workerNice, int renice, String description) {
  }

  private static final List<Case> CASES = List.of(
    new Case("nice0", 0, 0, "workers at nice 0 (the default)"),
    new Case("nice10", 10, 0, "ParallelConfig.setWorkerNice(10): nice 10 and the worker's autogroup at nice 10"),
    new Case("renice10", 0, 10, "control: renice -n 10 on each worker process after its start, autogroup left at 0"));

  private static final long PERIOD_MS = 1;

  private final int runs;
  private final long measureMillis;
  private final PrintStream progress;
  private final int workers;
  /** Per case, the share of the machine's CPU time other processes took during each run, in percent. */
  private final Map<String, List<Double>> othersPercent = new LinkedHashMap<>();

  /**
   * @param runs          runs of each case (the keys are their medians)
   * @param measureMillis how long each run measures
   */
  EventLoopBench(int runs, long measureMillis, int workers, PrintStream progress) {
    this.runs = runs;
    this.workers = workers;
    this.measureMillis = measureMillis;
    this.progress = progress;
  }

  static EventLoopBench of(String mode, PrintStream progress) {
    // twice as many workers as cores: what the default pool of 4 is on this 2-core machine
    int workers = 2 * Runtime.getRuntime().availableProcessors();
    return "quick".equals(mode) ? new EventLoopBench(3, 5_000, workers, progress)
      : new EventLoopBench(5, 6_000, workers, progress);
  }

  /** Measures every case, {@link #runs} times each, and records the keys. */
  void run(Vertx vertx, BenchResults results) throws Exception {
    Map<String, List<Double>> p50 = new LinkedHashMap<>();
    Map<String, List<Double>> p99 = new LinkedHashMap<>();
    // untimed: the first seconds of this JVM under load are its JIT's, whose threads compete with its event loop
    progress.println("  event loop under load: warm-up");
    new EventLoopBench(1, Math.min(2_000, measureMillis), workers, progress).underLoad(vertx, CASES.get(0));
    othersPercent.clear();
    for (int run = 0; run < runs; run++) {
      MachineLoad before = MachineLoad.sample();
      EventLoopLatency.Result idle = EventLoopLatency.measure(vertx.getOrCreateContext(), PERIOD_MS, measureMillis)
        .await(measureMillis * 10, TimeUnit.MILLISECONDS);
      MachineLoad after = MachineLoad.sample();
      if (after != null && after.othersPercentSince(before) != null) {
        othersPercent.computeIfAbsent("idle", k -> new ArrayList<>()).add(after.othersPercentSince(before));
      }
      add(p50, p99, "idle", idle);
      for (Case c : CASES) {
        progress.printf("  event loop under load: run %d/%d, %s%n", run + 1, runs, c.key());
        add(p50, p99, c.key(), underLoad(vertx, c));
      }
    }
    results.record("eventloop_p99_ms_idle", p99.get("idle"), "p99 lateness of a 1 ms timer on an event loop of the "
      + "parent, no pool, idle machine; " + measureMillis / 1000 + " s per run");
    results.record("eventloop_p50_ms_idle", p50.get("idle"), "the same, p50");
    for (Case c : CASES) {
      results.record("eventloop_p99_ms_" + c.key(), p99.get(c.key()), "p99 lateness of the same timer with "
        + workers + " workers spinning: " + c.description());
      results.record("eventloop_p50_ms_" + c.key(), p50.get(c.key()), "the same, p50");
    }
    othersPercent.forEach((key, percents) -> results.note(String.format(java.util.Locale.ROOT,
      "eventloop %s: other processes took %s %% of the machine's CPU time in the runs", key,
      percents.stream().map(p -> String.format(java.util.Locale.ROOT, "%.0f", p)).toList())));
  }

  /** The CPU time (user and system, in clock ticks) the processes have used; a process gone counts 0. */
  private static long ticksOf(List<Long> pids) {
    long ticks = 0;
    for (long pid : pids) {
      try {
        ticks += ProcessCpu.ticks(pid);
      } catch (IOException | RuntimeException e) {
        // gone, or no /proc
      }
    }
    return ticks;
  }

  private static void add(Map<String, List<Double>> p50, Map<String, List<Double>> p99, String key,
                          EventLoopLatency.Result result) {
    p50.computeIfAbsent(key, k -> new ArrayList<>()).add(result.p50Millis());
    p99.computeIfAbsent(key, k -> new ArrayList<>()).add(result.p99Millis());
  }

  private EventLoopLatency.Result underLoad(Vertx vertx, Case c) throws Exception {
    String address = "bench.eventloop." + c.key();
    String id = vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(workers)
      .setAddress(address).setWorkerNice(c.workerNice()))).await(120, TimeUnit.SECONDS);
    try {
      Parallel parallel = Parallel.create(vertx, address);
      List<Long> pids = new ArrayList<>();
      for (WorkerStats worker : parallel.stats().await(10, TimeUnit.SECONDS).getWorkers()) {
        pids.add(worker.getPid());
      }
      if (c.renice() > 0) {
        renice(c.renice(), pids);
      }
      List<TaskExecution<Long>> load = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        // spins until cancelled, whatever the measurement's length; an idle worker gets each (LEAST_MAILBOX)
        load.add(parallel.submit(new SpinTask(measureMillis * 10)));
      }
      awaitAllRunning(parallel);
      // the first moments of a spin are the JIT's: measure a steady load
      Thread.sleep(500);
      Context loop = vertx.getOrCreateContext();
      MachineLoad before = MachineLoad.sample();
      long workerTicks = ticksOf(pids);
      EventLoopLatency.Result result = EventLoopLatency.measure(loop, PERIOD_MS, measureMillis)
        .await(measureMillis * 10, TimeUnit.MILLISECONDS);
      MachineLoad after = MachineLoad.sample();
      Double others = after == null ? null : after.othersPercentSince(before);
      if (others != null) {
        // the workers are this JVM's children, but not yet waited for: their time counts as others' until removed
        double workersPercent = 100.0 * (ticksOf(pids) - workerTicks) / after.totalTicksSince(before);
        othersPercent.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(Math.max(0, others - workersPercent));
      }
      List<Future<Boolean>> cancels = new ArrayList<>();
      load.forEach(execution -> cancels.add(execution.cancel()));
      Future.join(cancels).await(60, TimeUnit.SECONDS);
      return result;
    } finally {
      vertx.undeploy(id).await(120, TimeUnit.SECONDS);
    }
  }

  private static void awaitAllRunning(Parallel parallel) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      PoolStats stats = parallel.stats().await(10, TimeUnit.SECONDS);
      if (stats.getWorkers().stream().allMatch(WorkerStats::isRunning)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the workers did not all start spinning within 60 s");
  }

  /** {@code renice -n N -p PID...}: the processes' own nice value, not their autogroup's. */
  private static void renice(int nice, List<Long> pids) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
    pids.forEach(pid -> argv.add(Long.toString(pid)));
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException("renice failed: " + output);
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = "full";
    Path out = Path.of("examples/target/bench/eventloop.json");
    Integer runs = null;
    Long seconds = null;
    Integer workers = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> mode = "quick";
        case "--out" -> out = Path.of(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Long.parseLong(args[++i]);
        case "--workers" -> workers = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: EventLoopBench [--quick] [--runs N] [--seconds S] [--workers N] [--out FILE]");
          System.exit(2);
        }
      }
    }
    EventLoopBench defaults = of(mode, System.err);
    EventLoopBench bench = new EventLoopBench(runs != null ? runs : defaults.runs,
      seconds != null ? seconds * 1000 : defaults.measureMillis, workers != null ? workers : defaults.workers,
      System.err);
    BenchResults results = new BenchResults();
    Vertx vertx = Vertx.vertx();
    try {
      bench.run(vertx, results);
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    System.out.print(results.table());
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
      .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("kernel", System.getProperty("os.version"));
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, mapper.writeValueAsString(results.toJson(mapper, mode, machine, List.of())) + "\n");
    System.out.println("wrote " + out);
  }
}
