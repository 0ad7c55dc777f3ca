package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.phalanx.parallel.ParallelConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of issue 7: the pool against bare pipes, in-JVM threads, Python and Node, on this machine.
 * <p>
 * {@code java -cp examples/target/classes:$(cat examples/target/classpath.txt)
 * io.phalanx.parallel.examples.bench.Bench [--quick] [--out FILE] [--peers DIR]}; {@code examples/bench.sh} runs it.
 * Prints a table and the targets, writes the JSON (see {@code examples/bench/README.md}). Exits 0 when every
 * measurement completed, whether or not the targets were met; 1 on a benchmark error; 2 on bad arguments.
 */
public final class Bench {

  /**
   * Repetitions, counts and durations of one mode: how many runs each key's median is taken over, how many untimed
   * tasks or seconds come first, how large a run is.
   */
  record Settings(String mode,
                  int spawnRuns,
                  int rttWarmup, int rttCount, int rttRuns,
                  double rawWarmupS, double poolWarmupS, double throughputIntervalS, int throughputRuns,
                  int windowPerWorker, int rawWindowPerChild,
                  int payloadWarmup, int payloadCount, int payloadRuns,
                  int cpuTasks, int cpuMebibytes, int cpuRuns,
                  int pssSamples,
                  int peerRuns, int pythonTasks, int nodeTasks,
                  int thumbImages, int thumbRuns) {

    static Settings quick() {
      return new Settings("quick",
        5,                       // starts of each JVM
        10_000, 2_000, 3,        // one-at-a-time round trips: untimed, per run, runs
        4.0, 8.0, 1.0, 3,        // throughput: raw warm-up s, pool warm-up s, interval s, intervals
        128, 64,                 // in flight: per worker, per bare child
        10, 10, 3,               // 1 MiB round trips: untimed, per run, runs
        64, 16, 5,               // CPU batch: tasks, MiB per task, runs
        3,                       // PSS samples per worker
        3, 10_000, 20_000,       // peers: runs, Python tasks per run, Node tasks per run
        16, 5);                  // thumbnails: images, rounds
    }

    static Settings full() {
      return new Settings("full",
        15,
        30_000, 5_000, 7,
        5.0, 12.0, 3.0, 7,
        128, 64,
        20, 25, 7,
        64, 16, 7,
        5,
        5, 30_000, 60_000,
        32, 5);
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      for (var component : Settings.class.getRecordComponents()) {
        try {
          map.put(component.getName(), component.getAccessor().invoke(this));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
      return map;
    }
  }

  static final int PAYLOAD_BYTES = 1024 * 1024;
  static final int MAILBOX_LIMIT = 1000;
  /** The JVM and class path of this one, for the child JVMs the parts start themselves. */
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  static final String CLASS_PATH = System.getProperty("java.class.path");

  private final Settings settings;
  private final Path out;
  private final Path peers;
  private final PrintStream console;
  private final PrintStream progress;
  private final BenchResults results = new BenchResults();
  private final Map<String, Object> machine = new LinkedHashMap<>();
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** The parts to run ({@code --only}); empty for all of them. */
  private Set<String> only = Set.of();

  /** The parts of a run, in order, for {@code --only}. */
  static final List<String> PARTS = List.of("spawn", "raw", "pool1", "traced", "pool2", "threads", "models",
    "python", "node", "eventloop");

  Bench(Settings settings, Path out, Path peers, PrintStream console, PrintStream progress) {
    this.settings = settings;
    this.out = out;
    this.peers = peers;
    this.console = console;
    this.progress = progress;
  }

  public static void main(String[] args) {
    boolean quick = false;
    Set<String> only = Set.of();
    Path out = Path.of("examples/target/bench/results.json");
    Path peers = Path.of("examples/bench/peers");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--out" -> {
          if (++i >= args.length) {
            usage("--out needs a file");
          }
          out = Path.of(args[i]);
        }
        case "--peers" -> {
          if (++i >= args.length) {
            usage("--peers needs a folder");
          }
          peers = Path.of(args[i]);
        }
        case "--only" -> {
          if (++i >= args.length) {
            usage("--only needs parts, among " + String.join(",", PARTS));
          }
          only = Set.of(args[i].split(","));
          if (!PARTS.containsAll(only)) {
            usage("--only takes parts among " + String.join(",", PARTS) + ", was " + args[i]);
          }
        }
        case "--help", "-h" -> {
          System.out.println(USAGE);
          System.exit(0);
        }
        default -> usage("unknown option " + args[i]);
      }
    }
    Bench bench = new Bench(quick ? Settings.quick() : Settings.full(), out, peers, System.out, System.err);
    bench.only = only;
    System.exit(bench.run());
  }

  private static final String USAGE = """
    usage: Bench [--quick] [--out FILE] [--peers DIR] [--only PART,...]
      --quick      fewer and shorter repetitions
      --only       run these parts only, to look into one figure (targets of the others show as skipped):
                   spawn, raw, pool1, traced, pool2, threads, models, python, node, eventloop
      --out FILE   where to write the JSON (default examples/target/bench/results.json)
      --peers DIR  the folder of the Python and Node scripts (default examples/bench/peers)""";

  private static void usage(String problem) {
    System.err.println("bench: " + problem);
    System.err.println(USAGE);
    System.exit(2);
  }

  private boolean part(String name) {
    return only.isEmpty() || only.contains(name);
  }

  /**
   * @return 0 when every measurement completed, 1 on an error
   */
  int run() {
    long started = System.nanoTime();
    machine.putAll(MachineDescription.describe());
    settings.asMap().forEach(results::setting);
    results.setting("worker_jvm_options", ParallelConfig.DEFAULT_JVM_OPTIONS);
    results.setting("parent_jvm_options", ManagementFactory.getRuntimeMXBean().getInputArguments());
    progress.printf("phalanx-parallel benchmark, %s mode, %d cores, java %s%n", settings.mode(),
      Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    MachineLoad quietStart = MachineLoad.sample();
    sleepQuietly(1000);
    MachineLoad runStart = MachineLoad.sample();
    Double busyBefore = runStart == null ? null : runStart.busyPercentSince(quietStart);
    machine.put("cpu_busy_before_start_pct", busyBefore == null ? null : BenchResults.round(busyBefore));
    if (busyBefore != null && busyBefore > 10) {
      String warning = String.format(Locale.ROOT, "the machine was %.0f%% busy in the second before the benchmark "
        + "started: other processes compete for the %d cores and every figure suffers", busyBefore,
        Runtime.getRuntime().availableProcessors());
      results.note(warning);
      progress.println("bench: WARNING: " + warning);
    }
    Throwable error = null;
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      CpuBatch cpuBatch = new CpuBatch(settings, results);
      PoolBench pools = new PoolBench(vertx, context, settings, results, cpuBatch);
      PeerBench peerBench = new PeerBench(settings, results, machine, peers, out.toAbsolutePath().getParent());
      if (part("spawn")) {
        progress.println("[1/11] JVM start-up: hello, worker as the pool starts it, worker without its options");
        new SpawnBench(settings, results, out.toAbsolutePath().resolveSibling("spawn-stderr.log")).run(vertx);
      }
      if (part("raw")) {
        progress.println("[2/11] raw baselines: bare child JVMs, JSON lines over pipes, no Vert.x");
        new RawBench(settings, results, cpuBatch).run();
      }
      if (part("pool1")) {
        progress.println("[3/11] pool of 1 worker: round trip, throughput, 1 MiB payloads, CPU batch");
        pools.poolOfOne();
        progress.println("[3/11] pool of 1 worker on a Vert.x of one event loop: round trip");
        pools.roundTripOnOneEventLoop();
        progress.println("[3/11] a supervisor of 2 instances: round trip from an instance's event loop and another");
        pools.roundTripOnAnInstancesEventLoop();
      }
      if (part("traced")) {
        progress.println("[4/11] pools of 1 worker without and with a tracer: round trip, in alternation");
        TracedRoundTrip.measure(settings.rttWarmup(), settings.rttCount(), settings.rttRuns(), results);
      }
      if (part("pool2")) {
        progress.println("[5/11] pool of 2 workers: idle memory, throughput, CPU batch");
        pools.poolOfTwo();
      }
      if (part("threads")) {
        progress.println("[6/11] the same CPU batch on 2 threads in this JVM");
        cpuBatch.onThreads();
      }
      if (part("models")) {
        // prints its own two headings, [7/11] and [8/11]
        new ModelsBench(vertx, settings, results, progress, out.toAbsolutePath().getParent())
          .run(cpuBatch.expectedDigests());
      }
      if (part("python")) {
        progress.println("[9/11] Python ProcessPoolExecutor, 2 workers, map(chunksize=1)");
        peerBench.python();
      }
      if (part("node")) {
        progress.println("[10/11] Node child_process.fork, 2 children, one task at a time each");
        peerBench.node();
      }
      if (part("eventloop")) {
        progress.println("[11/11] the parent's event loop with every core busy, by the workers' nice value");
        EventLoopBench.of(settings.mode(), progress).run(vertx, results);
      }
    } catch (Throwable t) {
      error = t;
    } finally {
      try {
        vertx.close().await(60, TimeUnit.SECONDS);
      } catch (Throwable t) {
        error = error == null ? t : error;
      }
      String leftovers = LeftoverChildren.reap();
      if (leftovers != null && error == null) {
        error = new IllegalStateException(leftovers);
      }
    }
    MachineLoad runEnd = MachineLoad.sample();
    Double others = runEnd == null ? null : runEnd.othersPercentSince(runStart);
    machine.put("other_processes_cpu_pct", others == null ? null : BenchResults.round(others));
    if (others != null && others > 5) {
      results.note(String.format(Locale.ROOT, "other processes used %.0f%% of the machine's CPU time during the "
        + "run: the figures are pessimistic, rerun on an idle machine", others));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    results.setting("duration_s", Math.round(seconds * 10) / 10.0);
    if (error != null) {
      progress.println("bench: FAILED: " + error);
      error.printStackTrace(progress);
      results.note("benchmark error: " + error);
    }
    console.println();
    console.print(results.table());
    console.println();
    console.println("targets (issue 7):");
    for (Target.Outcome outcome : results.evaluate(Target.ISSUE_7)) {
      console.println("  " + outcome.describe());
    }
    console.println("targets (issue 21):");
    for (Target.Outcome outcome : results.evaluate(Target.ISSUE_21)) {
      console.println("  " + outcome.describe());
    }
    console.println("the machine's floor (the same limits on bare children; the pool against them):");
    for (Target.Outcome outcome : results.evaluate(Target.FLOORS)) {
      console.println("  " + outcome.describe());
    }
    if (!results.notes().isEmpty()) {
      console.println();
      console.println("notes:");
      results.notes().forEach(n -> console.println("  - " + n));
    }
    try {
      write(error == null);
      console.printf("%nwrote %s (%.0f s)%n", out, seconds);
    } catch (IOException e) {
      progress.println("bench: cannot write " + out + ": " + e);
      return 1;
    }
    return error == null ? 0 : 1;
  }

  private void write(boolean complete) throws IOException {
    var json = results.toJson(mapper, settings.mode(), machine, Target.ALL);
    json.put("complete", complete);
    json.put("finished", Instant.now().toString());
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(out, mapper.writeValueAsString(json) + "\n");
  }

  static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }


  /** 1 MiB of ASCII letters: one byte each in UTF-8 and nothing to escape in JSON. */
  static String payload() {
    SplittableRandom random = new SplittableRandom(7);
    char[] chars = new char[PAYLOAD_BYTES];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = (char) ('a' + random.nextInt(26));
    }
    return new String(chars);
  }
}
