package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.impl.cds.ClassDataSharing;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

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
        16, 3);                  // thumbnails: images, runs
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
  static final long PEER_TIMEOUT_S = 240;
  static final long SPAWN_TIMEOUT_S = 60;

  private final Settings settings;
  private final Path out;
  private final Path peers;
  private final PrintStream console;
  private final PrintStream progress;
  private final BenchResults results = new BenchResults();
  private final Map<String, Object> machine = new LinkedHashMap<>();
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private final String classpath = System.getProperty("java.class.path");
  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** The digests of the CPU batch, from whichever ran it first; every later run must give the same. */
  private List<String> expectedDigests;
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
    describeMachine();
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
      if (part("spawn")) {
        spawn(vertx);
      }
      if (part("raw")) {
        raw();
      }
      if (part("pool1")) {
        poolOfOne(vertx, context);
        rttOnOneEventLoop();
      }
      if (part("traced")) {
        progress.println("[4/11] pools of 1 worker without and with a tracer: round trip, in alternation");
        TracedRoundTrip.measure(settings.rttWarmup(), settings.rttCount(), settings.rttRuns(), results);
      }
      if (part("pool2")) {
        poolOfTwo(vertx, context);
      }
      if (part("threads")) {
        threads();
      }
      if (part("models")) {
        new ModelsBench(vertx, settings, results, progress, out.toAbsolutePath().getParent()).run(expectedDigests);
      }
      if (part("python")) {
        pythonPeer();
      }
      if (part("node")) {
        nodePeer();
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
      String leftovers = reapChildren();
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

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // start-up

  private void spawn(Vertx vertx) throws Exception {
    progress.println("[1/11] JVM start-up: hello, worker as the pool starts it, worker without its options");
    String pid = Long.toString(ProcessHandle.current().pid());
    List<String> hello = List.of(java, "-cp", classpath, Hello.class.getName());
    List<String> tuned = poolWorkerCommand(vertx);
    List<String> untuned = List.of(java, "-XX:+DisplayVMOutputToStderr", "-cp", classpath,
      "io.phalanx.parallel.worker.WorkerMain", "--worker-id", "w", "--parent-pid", pid);
    Files.deleteIfExists(spawnLog());
    List<Double> helloMs = new ArrayList<>();
    List<Double> tunedMs = new ArrayList<>();
    List<Double> untunedMs = new ArrayList<>();
    try (SpawnProbe workers = new SpawnProbe(vertx, ParallelConfig.DEFAULT_MAX_FRAME_BYTES)) {
      // one untimed start of each first: the files are in the page cache for every timed one
      firstLineMillis(hello, "hello");
      workers.readyMillis(tuned, SPAWN_TIMEOUT_S);
      workers.readyMillis(untuned, SPAWN_TIMEOUT_S);
      for (int i = 0; i < settings.spawnRuns(); i++) {
        // interleaved, so a slow phase of the machine hits all three alike
        helloMs.add(firstLineMillis(hello, "hello"));
        tunedMs.add(workers.readyMillis(tuned, SPAWN_TIMEOUT_S));
        untunedMs.add(workers.readyMillis(untuned, SPAWN_TIMEOUT_S));
      }
    }
    results.record("spawn_ready_ms", tunedMs, "the worker command a default pool uses (DEFAULT_JVM_OPTIONS and its "
      + "class-data archive), launched as a pool launches it: launch to the ready frame on its channel");
    results.record("spawn_ready_untuned_ms", untunedMs, "the same child without DEFAULT_JVM_OPTIONS and archive");
    results.record("hello_jvm_ms", helloMs, "java -cp <same class path> Hello: start() to its line");
  }

  /**
   * The command line with which a default pool starts a worker, after one untimed pool start that trains the
   * class-data archive when it is missing (the archive is what a pool's workers use from their second start on).
   */
  private List<String> poolWorkerCommand(Vertx vertx) throws Exception {
    ParallelConfig config = ParallelConfig.singleWorker().setAddress("bench.cds");
    List<String> command = ClassDataSharing.workerCommandLine(config, "w");
    if (archiveOption(command) == null && config.isClassDataSharing()) {
      CompletableFuture<JsonObject> outcome = new CompletableFuture<>();
      var consumer = vertx.eventBus().<JsonObject>consumer(config.getAddress() + ".events", message -> {
        String type = message.body().getString("type");
        if ("archive_created".equals(type) || "archive_failed".equals(type)) {
          outcome.complete(message.body());
        }
      });
      consumer.completion().await(10, TimeUnit.SECONDS);
      String id = vertx.deployVerticle(new SupervisorVerticle(config)).await(120, TimeUnit.SECONDS);
      try {
        JsonObject event = outcome.completeOnTimeout(new JsonObject().put("type", "no archive event")
          .put("reason", "none within 240 s (a folder in the class path, or another JVM training it)"),
          240, TimeUnit.SECONDS).get();
        if (!"archive_created".equals(event.getString("type"))) {
          results.note("the workers start without a class-data archive: " + event.getString("reason"));
        }
      } finally {
        consumer.unregister().await(10, TimeUnit.SECONDS);
        vertx.undeploy(id).await(120, TimeUnit.SECONDS);
      }
      command = ClassDataSharing.workerCommandLine(config, "w");
    }
    String archive = archiveOption(command);
    results.setting("worker_class_data_archive", archive == null ? "none" : archive);
    return command;
  }

  private static String archiveOption(List<String> command) {
    return command.stream().filter(o -> o.startsWith("-XX:SharedArchiveFile=") || o.startsWith("-XX:AOTCache="))
      .findFirst().orElse(null);
  }

  /** Where the stderr of the JVMs started by the start-up measurement goes. */
  private Path spawnLog() {
    return out.toAbsolutePath().resolveSibling("spawn-stderr.log");
  }

  /**
   * Starts {@code command}, reads its first stdout line, then closes its stdin (a worker exits on that) and waits.
   *
   * @return milliseconds from {@link ProcessBuilder#start()} to the first line
   */
  private double firstLineMillis(List<String> command, String expected) throws Exception {
    File log = spawnLog().toFile();
    Files.createDirectories(log.toPath().getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log));
    long started = System.nanoTime();
    Process process = builder.start();
    // a child that never prints is killed, so the read below ends (with null) instead of waiting forever
    CompletableFuture.delayedExecutor(SPAWN_TIMEOUT_S, TimeUnit.SECONDS).execute(() -> {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    });
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
      String line = reader.readLine();
      long elapsed = System.nanoTime() - started;
      if (line == null || !line.startsWith(expected)) {
        String main = String.join(" ", command.subList(command.indexOf("-cp") + 2, command.size()));
        throw new IllegalStateException("'" + main + "' printed '" + line + "' instead of " + expected
          + " within " + SPAWN_TIMEOUT_S + " s (its stderr is in " + log + ")");
      }
      return elapsed / 1e6;
    } finally {
      process.getOutputStream().close();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // raw baselines

  private List<String> rawChildCommand() {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(ParallelConfig.DEFAULT_JVM_OPTIONS);
    command.addAll(List.of("-cp", classpath, RawChild.class.getName()));
    return command;
  }

  private void raw() throws Exception {
    progress.println("[2/11] raw baselines: bare child JVMs, JSON lines over pipes, no Vert.x");
    String payload = payload();
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
        mbPerS.add(2.0 * PAYLOAD_BYTES * settings.payloadCount() / seconds / 1e6);
      }
      results.record("raw_payload_1mib_mb_per_s", mbPerS,
        "bare child echoing 1 MiB strings, one at a time; MB out + MB back per second");

      Load load;
      try (RawChildren.Pipeline pipeline = one.pipeline(settings.rawWindowPerChild())) {
        load = sample(pipeline::completed, one.pids(), settings.rawWarmupS());
      }
      results.record("raw_throughput_1c_per_s", load.rates(),
        "bare child, " + settings.rawWindowPerChild() + " JSON lines in flight");
    }
    try (RawChildren two = new RawChildren(rawChildCommand(), 2)) {
      Load load;
      try (RawChildren.Pipeline pipeline = two.pipeline(settings.rawWindowPerChild())) {
        load = sample(pipeline::completed, two.pids(), settings.rawWarmupS());
      }
      results.record("raw_throughput_per_s", load.rates(),
        "2 bare children, " + settings.rawWindowPerChild() + " JSON lines in flight each");
      results.record("raw_parent_cpu_per_task_us", load.parentCpuUs(),
        "CPU time of this JVM per task during raw_throughput_per_s");
      results.record("raw_child_cpu_per_task_us", load.childCpuUs(),
        "CPU time of the 2 bare children together per task during raw_throughput_per_s");
    }
    rawOverSockets();
  }

  /** The same baselines over a Unix domain socket per child: the floor of the pool's worker channel. */
  private void rawOverSockets() throws Exception {
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
        load = sample(pipeline::completed, two.pids(), settings.rawWarmupS());
      }
      results.record("raw_uds_throughput_per_s", load.rates(),
        "2 bare children on a Unix domain socket each, " + settings.rawWindowPerChild() + " JSON lines in flight each");
      results.record("raw_uds_parent_cpu_per_task_us", load.parentCpuUs(),
        "CPU time of this JVM per task during raw_uds_throughput_per_s");
    }
  }

  /**
   * A load measured over consecutive intervals after its warm-up.
   *
   * @param rates       tasks per second of each interval
   * @param parentCpuUs this JVM's CPU time per task of each interval, in microseconds (every thread: the event
   *                    loops, the process library's threads, the JIT compilers, the GC)
   * @param childCpuUs  the children's CPU time per task of each interval, all children together
   * @param warmupRate  tasks per second during the warm-up
   */
  record Load(List<Double> rates, List<Double> parentCpuUs, List<Double> childCpuUs, double warmupRate) {
  }

  /** Lets a running load warm up, then measures its rate and CPU cost over consecutive intervals. */
  private Load sample(LongSupplier completed, List<Long> childPids, double warmupS)
    throws Exception {
    long warmupStart = System.nanoTime();
    Thread.sleep((long) (warmupS * 1000));
    double warmupRate = completed.getAsLong() / ((System.nanoTime() - warmupStart) / 1e9);
    List<Double> rates = new ArrayList<>();
    List<Double> parentCpu = new ArrayList<>();
    List<Double> childCpu = new ArrayList<>();
    for (int r = 0; r < settings.throughputRuns(); r++) {
      long count = completed.getAsLong();
      long parent = ownCpuNanos();
      long children = cpuNanos(childPids);
      long started = System.nanoTime();
      Thread.sleep((long) (settings.throughputIntervalS() * 1000));
      long done = completed.getAsLong() - count;
      long elapsed = System.nanoTime() - started;
      long parentUsed = ownCpuNanos() - parent;
      long childrenUsed = cpuNanos(childPids) - children;
      rates.add(done / (elapsed / 1e9));
      parentCpu.add(parentUsed / 1e3 / Math.max(1, done));
      childCpu.add(childrenUsed / 1e3 / Math.max(1, done));
    }
    return new Load(rates, parentCpu, childCpu, warmupRate);
  }

  private static long ownCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
      return bean.getProcessCpuTime();
    }
    throw new IllegalStateException("no process CPU time on this JVM");
  }

  /** utime + stime of live processes from /proc/PID/stat, assuming the usual 100 ticks per second. */
  private static long cpuNanos(List<Long> pids) throws IOException {
    long ticks = 0;
    for (long pid : pids) {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
    return ticks * 10_000_000L;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // the pool

  private String deploy(Vertx vertx, int workers, String address, String key) throws Exception {
    long started = System.nanoTime();
    String id = vertx.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(workers)
      .setAddress(address).setMailboxLimit(MAILBOX_LIMIT))).await(120, TimeUnit.SECONDS);
    results.record(key, List.of((System.nanoTime() - started) / 1e6),
      "deployVerticle(SupervisorVerticle) until every worker is ready (one run)");
    return id;
  }

  private void undeploy(Vertx vertx, String id) throws Exception {
    vertx.undeploy(id).await(120, TimeUnit.SECONDS);
  }

  private void poolOfOne(Vertx vertx, Context context) throws Exception {
    progress.println("[3/11] pool of 1 worker: round trip, throughput, 1 MiB payloads, CPU batch");
    String address = "bench.pool1";
    String id = deploy(vertx, 1, address, "pool_deploy_1w_ms");
    try {
      PoolDriver driver = new PoolDriver(context, Parallel.create(vertx, address), address);
      Thread.sleep(1000);
      List<Long> pids = driver.workerPids();
      List<Double> idle = pss(pids);

      // first the throughput, whose warm-up (many tasks in flight) is the JIT warm-up of the parent and the worker
      // for everything after it
      Load load;
      try (PoolDriver.Window window = driver.window(settings.windowPerWorker())) {
        load = sample(window::completed, pids, settings.poolWarmupS());
      }
      results.record("throughput_1w_per_s", load.rates(),
        "1 worker, " + settings.windowPerWorker() + " inWorker(no-op) calls in flight");
      results.record("parent_cpu_per_task_1w_us", load.parentCpuUs(),
        "CPU time of this JVM per task during throughput_1w_per_s");
      results.record("worker_cpu_per_task_1w_us", load.childCpuUs(),
        "CPU time of the worker per task during throughput_1w_per_s");

      driver.oneAtATime(settings.rttWarmup(), NoopTask::new);
      List<Double> p50 = new ArrayList<>();
      List<Double> p99 = new ArrayList<>();
      for (int r = 0; r < settings.rttRuns(); r++) {
        long[] nanos = driver.oneAtATime(settings.rttCount(), NoopTask::new);
        p50.add(Stats.percentile(nanos, 50) / 1e3);
        p99.add(Stats.percentile(nanos, 99) / 1e3);
      }
      results.record("noop_rtt_p50_us", p50, "1 worker, Parallel.inWorker(no-op), one at a time; p50 per run");
      results.record("noop_rtt_p99_us", p99, "the same, p99 per run");

      String payload = payload();
      String echoed = driver.onContext(() -> Parallel.create(vertx, address).inWorker(new EchoTask(payload)));
      if (!payload.equals(echoed)) {
        throw new IllegalStateException("the pool returned a different 1 MiB payload");
      }
      driver.oneAtATime(settings.payloadWarmup(), i -> new EchoTask(payload));
      List<Double> mbPerS = new ArrayList<>();
      for (int r = 0; r < settings.payloadRuns(); r++) {
        long nanos = LongStream.of(driver.oneAtATime(settings.payloadCount(), i -> new EchoTask(payload))).sum();
        mbPerS.add(2.0 * PAYLOAD_BYTES * settings.payloadCount() / (nanos / 1e9) / 1e6);
      }
      results.record("payload_1mib_mb_per_s", mbPerS,
        "1 worker, inWorker(EchoTask(1 MiB String)), one at a time; MB out + MB back per second");

      results.record("cpu_batch_1w_s", cpuBatch(driver, 1), cpuDescription("1 worker"));
      List<Double> loaded = pss(pids);
      results.record("worker_pss_after_load_mib", loaded,
        "the worker of the 1-worker pool after all of the above; samples");
      results.note("idle PSS of the 1-worker pool's fresh worker: " + BenchResults.format(Stats.median(idle))
        + " MiB (not in idle_worker_pss_mib, which is taken with 2 workers)");
    } finally {
      undeploy(vertx, id);
    }
  }

  /**
   * The round trip again with the caller on the supervisor's own event loop (a Vert.x of one event loop): what the
   * pool itself costs, without the hops between the caller's event loop and the supervisor's.
   */
  private void rttOnOneEventLoop() throws Exception {
    progress.println("[3/11] pool of 1 worker on a Vert.x of one event loop: round trip");
    Vertx single = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
    try {
      String address = "bench.pool1.oneloop";
      String id = single.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(1)
        .setAddress(address).setMailboxLimit(MAILBOX_LIMIT))).await(120, TimeUnit.SECONDS);
      PoolDriver driver = new PoolDriver(single.getOrCreateContext(), Parallel.create(single, address), address);
      driver.oneAtATime(settings.rttWarmup(), NoopTask::new);
      List<Double> p50 = new ArrayList<>();
      for (int r = 0; r < settings.rttRuns(); r++) {
        p50.add(Stats.percentile(driver.oneAtATime(settings.rttCount(), NoopTask::new), 50) / 1e3);
      }
      results.record("noop_rtt_one_loop_p50_us", p50,
        "as noop_rtt_p50_us, with the caller and the supervisor on the one event loop of their Vert.x");
      single.undeploy(id).await(120, TimeUnit.SECONDS);
    } finally {
      single.close().await(60, TimeUnit.SECONDS);
    }
  }

  private void poolOfTwo(Vertx vertx, Context context) throws Exception {
    progress.println("[5/11] pool of 2 workers: idle memory, throughput, CPU batch");
    String address = "bench.pool2";
    String id = deploy(vertx, 2, address, "pool_deploy_2w_ms");
    try {
      PoolDriver driver = new PoolDriver(context, Parallel.create(vertx, address), address);
      // let the fresh workers settle (the start-up's last allocations, the JIT's first compilations) before sampling
      Thread.sleep(1000);
      List<Long> pids = driver.workerPids();
      results.record("idle_worker_pss_mib", pss(pids),
        "Pss of /proc/PID/smaps_rollup of each fresh idle worker of a 2-worker pool; samples");
      results.record("idle_worker_rss_mib", rss(pids), "Rss of the same, for comparison; samples");

      Load load;
      try (PoolDriver.Window window = driver.window(2 * settings.windowPerWorker())) {
        load = sample(window::completed, pids, settings.poolWarmupS());
      }
      results.record("throughput_2w_per_s", load.rates(),
        "2 workers, " + 2 * settings.windowPerWorker() + " inWorker(no-op) calls in flight");
      results.record("throughput_2w_warmup_per_s", List.of(load.warmupRate()),
        "the same during the first " + Target.trim(settings.poolWarmupS()) + " s of the fresh pool (JIT "
          + "warm-up; one run)");
      results.record("parent_cpu_per_task_2w_us", load.parentCpuUs(),
        "CPU time of this JVM per task during throughput_2w_per_s");
      results.record("worker_cpu_per_task_2w_us", load.childCpuUs(),
        "CPU time of the 2 workers together per task during throughput_2w_per_s");
      results.record("cpu_batch_2w_s", cpuBatch(driver, 2), cpuDescription("2 workers"));
    } finally {
      undeploy(vertx, id);
    }
  }

  private String cpuDescription(String where) {
    return settings.cpuTasks() + " x SHA-256 of " + settings.cpuMebibytes() + " MiB on " + where
      + ", after untimed warm-up batches (until one agrees with the one before and this JVM's JIT compiled for under "
      + Math.round(STEADY_COMPILE_SHARE * 100) + "% of it, at most " + MAX_WARMUP_BATCHES + ") and a quiet JIT";
  }

  /** {@code count} task seeds from {@code first} on (a warm-up uses other seeds than the timed batches). */
  static List<Long> seeds(int count, long first) {
    return LongStream.range(first, first + count).boxed().toList();
  }

  private List<Double> cpuBatch(PoolDriver driver, int workers) {
    int mib = settings.cpuMebibytes();
    // warm-up, untimed (other seeds): each worker's first tasks run the hashing interpreted (the first takes ~50x as
    // long as a warm one), and the parent's batch path (map) is compiled too
    warmUp("cpu_batch_" + workers + "w_s",
      () -> driver.map(seeds(settings.cpuTasks(), 1_000), s -> new Sha256Task(s, mib), 2 * workers));
    List<Double> seconds = new ArrayList<>();
    List<Double> compiling = new ArrayList<>();
    Map<String, List<Double>> parentCpu = new LinkedHashMap<>();
    for (int r = 0; r < settings.cpuRuns(); r++) {
      long compiledBefore = compiledMillis();
      // without per-thread run times (no Linux /proc), the parent_cpu_per_cpu_task keys are left out
      ThreadCpu cpuBefore = ThreadCpu.available() ? ThreadCpu.now() : null;
      long started = System.nanoTime();
      List<String> digests = driver.map(seeds(settings.cpuTasks(), 1), s -> new Sha256Task(s, mib), 2 * workers);
      seconds.add((System.nanoTime() - started) / 1e9);
      Map<String, Long> used = cpuBefore == null ? Map.of() : ThreadCpu.now().since(cpuBefore);
      compiling.add((double) (compiledMillis() - compiledBefore));
      checkDigests(digests);
      if (used.isEmpty()) {
        continue;
      }
      long total = used.values().stream().mapToLong(Long::longValue).sum();
      parentCpu.computeIfAbsent("", k -> new ArrayList<>()).add(total / 1e3 / settings.cpuTasks());
      used.forEach((kind, nanos) -> parentCpu.computeIfAbsent("_" + kind, k -> new ArrayList<>())
        .add(nanos / 1e3 / settings.cpuTasks()));
    }
    String key = "parent_cpu_per_cpu_task_" + workers + "w";
    parentCpu.forEach((kind, perTask) -> results.record(key + kind + "_us", perTask, kind.isEmpty()
      ? "CPU time of this JVM (every thread, from /proc/self/task/*/schedstat) per task during each timed batch of "
        + "cpu_batch_" + workers + "w_s"
      : "the part of " + key + "_us its " + kind.substring(1) + " threads ran"));
    results.record("cpu_batch_" + workers + "w_parent_jit_ms", compiling,
      "time this JVM's JIT spent compiling during each timed batch of cpu_batch_" + workers + "w_s (it takes its CPU "
        + "from the workers once they are as many as the cores)");
    return seconds;
  }

  private void checkDigests(List<String> digests) {
    if (expectedDigests == null) {
      expectedDigests = List.copyOf(digests);
    } else if (!expectedDigests.equals(digests)) {
      throw new IllegalStateException("the CPU batch gave different digests than before");
    }
  }

  /** Untimed CPU batches before the timed ones: at most this many, fewer once the batches are steady. */
  static final int MAX_WARMUP_BATCHES = 10;

  /** The share of a warm-up batch's time this JVM's JIT may have spent compiling for the batch to count as steady. */
  static final double STEADY_COMPILE_SHARE = 0.02;

  /**
   * Runs untimed batches until they are steady (see {@link #runUntilSteady}), then waits for this JVM's compiler to
   * go quiet. With two workers on two cores this JVM's compiler takes its CPU from the workers: after the no-op load
   * it has a backlog of methods that load made hot, and the batch's own path gets compiled anew for the new task and
   * result types; until then the 2-worker batches took up to 0.54 s instead of 0.42.
   */
  private void warmUp(String key, java.util.function.Supplier<List<String>> batch) {
    int batches = runUntilSteady(batch::get);
    results.note(key + ": " + batches + " untimed warm-up batches" + (batches == MAX_WARMUP_BATCHES
      ? " (the most; not steady yet)" : ""));
    settleCompiler();
  }

  /**
   * Runs {@code batch} until one took within 10% of the one before and this JVM's JIT compiled for less than
   * {@link #STEADY_COMPILE_SHARE} of its time; at most {@link #MAX_WARMUP_BATCHES} times.
   *
   * @return how many batches ran
   */
  static int runUntilSteady(Runnable batch) {
    double previous = -1;
    for (int i = 0; i < MAX_WARMUP_BATCHES; i++) {
      long compiledBefore = compiledMillis();
      long started = System.nanoTime();
      batch.run();
      double seconds = (System.nanoTime() - started) / 1e9;
      double compiling = (compiledMillis() - compiledBefore) / 1e3;
      if (previous > 0 && Math.abs(seconds - previous) <= 0.1 * previous
        && compiling < STEADY_COMPILE_SHARE * seconds) {
        return i + 1;
      }
      previous = seconds;
    }
    return MAX_WARMUP_BATCHES;
  }

  /** Waits (at most 10 s) until this JVM's JIT compiler has done nothing for two checks 200 ms apart. */
  private static void settleCompiler() {
    if (compiledMillis() == 0) {
      // a JVM that does not measure its compile times (or has compiled nothing): nothing to wait for
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long last = compiledMillis();
    int quiet = 0;
    while (quiet < 2 && System.nanoTime() < deadline) {
      sleepQuietly(200);
      long now = compiledMillis();
      quiet = now == last ? quiet + 1 : 0;
      last = now;
    }
  }
  /** The time this JVM's JIT has spent compiling so far, in ms; always 0 where the JVM does not measure it. */
  private static long compiledMillis() {
    var compilation = ManagementFactory.getCompilationMXBean();
    return compilation != null && compilation.isCompilationTimeMonitoringSupported()
      ? compilation.getTotalCompilationTime() : 0;
  }


  // ---------------------------------------------------------------------------------------------------------------
  // in-JVM threads

  private void threads() throws Exception {
    progress.println("[6/11] the same CPU batch on 2 threads in this JVM");
    int mib = settings.cpuMebibytes();
    ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "bench-cpu");
      thread.setDaemon(true);
      return thread;
    });
    try {
      warmUp("cpu_batch_threads2_s", () -> {
        try {
          return runOnThreads(pool, seeds(settings.cpuTasks(), 1_000), mib);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      List<Double> seconds = new ArrayList<>();
      for (int r = 0; r < settings.cpuRuns(); r++) {
        long started = System.nanoTime();
        List<String> digests = runOnThreads(pool, seeds(settings.cpuTasks(), 1), mib);
        seconds.add((System.nanoTime() - started) / 1e9);
        checkDigests(digests);
      }
      results.record("cpu_batch_threads2_s", seconds, cpuDescription("a fixed pool of 2 threads in this JVM"));
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  private static List<String> runOnThreads(ExecutorService pool, List<Long> seeds, int mib) throws Exception {
    List<Callable<String>> tasks = seeds.stream().map(s -> (Callable<String>) () -> Sha256Task.digest(s, mib))
      .toList();
    List<String> digests = new ArrayList<>();
    for (Future<String> future : pool.invokeAll(tasks)) {
      digests.add(future.get());
    }
    return digests;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // peers

  private void pythonPeer() throws Exception {
    progress.println("[9/11] Python ProcessPoolExecutor, 2 workers, map(chunksize=1)");
    String key = "python_ppe_noop_per_s";
    String description = "ProcessPoolExecutor(2).map(noop, range(" + settings.pythonTasks() + "), chunksize=1)";
    peer(key, description, "python3", "ppe_noop.py", settings.pythonTasks());
  }

  private void nodePeer() throws Exception {
    progress.println("[10/11] Node child_process.fork, 2 children, one task at a time each");
    String key = "node_fork_noop_per_s";
    String description = "2 forked children, process.send, one task in flight per child; " + settings.nodeTasks()
      + " tasks";
    peer(key, description, "node", "fork_noop.js", settings.nodeTasks());
  }

  private void peer(String key, String description, String interpreter, String script, int tasks)
    throws Exception {
    Path executable = onPath(interpreter);
    Path file = peers.resolve(script);
    if (executable == null) {
      results.skip(key, interpreter + " is not on the PATH", description);
      return;
    }
    if (!Files.isRegularFile(file)) {
      results.skip(key, file + " not found (run from the repository root or pass --peers)", description);
      return;
    }
    List<String> command = List.of(executable.toString(), file.toString(), "--tasks", Integer.toString(tasks),
      "--runs", Integer.toString(settings.peerRuns()), "--workers", "2");
    Path stdout = out.toAbsolutePath().resolveSibling(script + ".out");
    Files.createDirectories(stdout.getParent());
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
      .redirectOutput(stdout.toFile()).start();
    String output;
    try {
      process.getOutputStream().close();
      if (!process.waitFor(PEER_TIMEOUT_S, TimeUnit.SECONDS)) {
        results.skip(key, script + " did not finish within " + PEER_TIMEOUT_S + " s", description);
        return;
      }
      output = Files.readString(stdout);
    } finally {
      if (process.isAlive()) {
        // the script's own children (its pool) first, while they can still be found through it
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(15, TimeUnit.SECONDS);
      }
    }
    if (process.exitValue() != 0) {
      results.skip(key, script + " exited with " + process.exitValue(), description);
      return;
    }
    String[] lines = output.strip().split("\n");
    JsonNode json = mapper.readTree(lines[lines.length - 1]);
    List<Double> rates = new ArrayList<>();
    json.path("rates").forEach(n -> rates.add(n.asDouble()));
    results.record(key, rates, description);
    machine.put(interpreter + "_version", json.path("version").asText());
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // memory, machine, helpers

  private List<Double> pss(List<Long> pids) throws Exception {
    return smapsRollup(pids, "Pss:");
  }

  private List<Double> rss(List<Long> pids) throws Exception {
    return smapsRollup(pids, "Rss:");
  }

  /** {@code samples} readings of one field of each pid's smaps_rollup, 200 ms apart, in MiB. */
  private List<Double> smapsRollup(List<Long> pids, String field) throws Exception {
    List<Double> values = new ArrayList<>();
    for (int s = 0; s < settings.pssSamples(); s++) {
      if (s > 0) {
        Thread.sleep(200);
      }
      for (long pid : pids) {
        Path file = Path.of("/proc", Long.toString(pid), "smaps_rollup");
        String kb = Files.readAllLines(file).stream().filter(l -> l.startsWith(field)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + field + " in " + file))
          .substring(field.length()).replace("kB", "").trim();
        values.add(Long.parseLong(kb) / 1024.0);
      }
    }
    return values;
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

  private void describeMachine() {
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java_version", System.getProperty("java.version"));
    machine.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
      + System.getProperty("os.arch"));
    // what was measured: bench.sh passes the commit and whether the library's sources differ from it
    machine.put("git_commit", System.getProperty("bench.commit"));
    machine.put("library_sources_modified", System.getProperty("bench.modified"));
    try {
      Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
        .ifPresent(l -> machine.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
      Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
        .ifPresent(l -> machine.put("memory_mib",
          Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024));
    } catch (IOException | RuntimeException e) {
      // not Linux: the cores and the JVM are enough
    }
  }

  /**
   * Every child this JVM started must be gone: the pools were undeployed and the bare children waited for. Waits a
   * little for stragglers, then kills any left (all of them are this JVM's own children).
   *
   * @return a description of the children that had to be killed, or {@code null}
   */
  private String reapChildren() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive)) {
        return null;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    if (left.isEmpty()) {
      return null;
    }
    String description = left.stream().map(p -> p.pid() + " " + p.info().command().orElse("?"))
      .collect(Collectors.joining(", "));
    left.forEach(ProcessHandle::destroyForcibly);
    return String.format(Locale.ROOT, "child processes still alive at the end, killed: %s", description);
  }
}
