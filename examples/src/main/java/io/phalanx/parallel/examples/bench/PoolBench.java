package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

/**
 * Pools of 1 and 2 workers with default options, driven from a context of the benchmark's Vert.x on another event
 * loop than the supervisor's, as an application's verticle would be: deploy time, worker memory, round trips,
 * throughput, 1 MiB payloads, the CPU batch.
 */
final class PoolBench {

  private final Vertx vertx;
  private final Context context;
  private final Bench.Settings settings;
  private final BenchResults results;
  private final CpuBatch cpuBatch;
  private final ProcessMemory memory;

  PoolBench(Vertx vertx, Context context, Bench.Settings settings, BenchResults results, CpuBatch cpuBatch) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.results = results;
    this.cpuBatch = cpuBatch;
    this.memory = new ProcessMemory(settings.pssSamples());
  }

  /** A deployed pool: its deployment and the context its supervisor runs on. */
  private record Deployed(String id, Context context) {
  }

  private Deployed deploy(int workers, String address, String key) throws Exception {
    long started = System.nanoTime();
    EventLoops.Supervisor supervisor = new EventLoops.Supervisor(ParallelConfig.defaults().setAgents(workers)
      .setAddress(address).setMailboxLimit(Bench.MAILBOX_LIMIT));
    String id = vertx.deployVerticle(supervisor).await(120, TimeUnit.SECONDS);
    results.record(key, List.of((System.nanoTime() - started) / 1e6),
      "deployVerticle(SupervisorVerticle) until every worker is ready (one run)");
    return new Deployed(id, supervisor.context());
  }

  void poolOfOne() throws Exception {
    String address = "bench.pool1";
    Deployed pool = deploy(1, address, "pool_deploy_1w_ms");
    try {
      // the caller on an event loop of its own, as an application's verticle mostly is: the same two hops in every run
      PoolDriver driver = new PoolDriver(EventLoops.otherThan(vertx, pool.context(), context),
        Parallel.create(vertx, address), address);
      Thread.sleep(1000);
      List<Long> pids = driver.workerPids();
      List<Double> idle = memory.pss(pids);

      // first the throughput, whose warm-up (many tasks in flight) is the JIT warm-up of the parent and the worker
      // for everything after it
      Load load;
      try (PoolDriver.Window window = driver.window(settings.windowPerWorker())) {
        load = Load.sample(window::completed, pids, settings.poolWarmupS(), settings);
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
      EventLoopHops.measure(vertx, context, settings.rttWarmup());
      List<Double> hops = new ArrayList<>();
      for (int r = 0; r < settings.rttRuns(); r++) {
        hops.add(Stats.percentile(EventLoopHops.measure(vertx, context, settings.rttCount()), 50) / 1e3);
      }
      results.record("eventloop_hop_rtt_p50_us", hops, "runOnContext to another event loop of the same Vert.x and "
        + "back, nothing done on either side, one at a time: the two hops noop_rtt_p50_us pays over "
        + "noop_rtt_one_loop_p50_us; p50 per run");

      String payload = Bench.payload();
      String echoed = driver.onContext(() -> Parallel.create(vertx, address).inWorker(new EchoTask(payload)));
      if (!payload.equals(echoed)) {
        throw new IllegalStateException("the pool returned a different 1 MiB payload");
      }
      driver.oneAtATime(settings.payloadWarmup(), i -> new EchoTask(payload));
      List<Double> mbPerS = new ArrayList<>();
      for (int r = 0; r < settings.payloadRuns(); r++) {
        long nanos = LongStream.of(driver.oneAtATime(settings.payloadCount(), i -> new EchoTask(payload))).sum();
        mbPerS.add(2.0 * Bench.PAYLOAD_BYTES * settings.payloadCount() / (nanos / 1e9) / 1e6);
      }
      results.record("payload_1mib_mb_per_s", mbPerS,
        "1 worker, inWorker(EchoTask(1 MiB String)), one at a time; MB out + MB back per second");

      results.record("cpu_batch_1w_s", cpuBatch.onPool(driver, 1), cpuBatch.description("1 worker"));
      List<Double> loaded = memory.pss(pids);
      results.record("worker_pss_after_load_mib", loaded,
        "the worker of the 1-worker pool after all of the above; samples");
      results.note("idle PSS of the 1-worker pool's fresh worker: " + BenchResults.format(Stats.median(idle))
        + " MiB (not in idle_worker_pss_mib, which is taken with 2 workers)");
    } finally {
      vertx.undeploy(pool.id()).await(120, TimeUnit.SECONDS);
    }
  }

  /**
   * The round trip again with the caller on the supervisor's own event loop (a Vert.x of one event loop): what the
   * pool itself costs, without the hops between the caller's event loop and the supervisor's.
   */
  void roundTripOnOneEventLoop() throws Exception {
    Vertx single = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      String address = "bench.pool1.oneloop";
      String id = single.deployVerticle(new SupervisorVerticle(ParallelConfig.defaults().setAgents(1)
        .setAddress(address).setMailboxLimit(Bench.MAILBOX_LIMIT))).await(120, TimeUnit.SECONDS);
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

  /**
   * The round trip of a supervisor deployed as 2 instances of 1 worker: from a caller on one instance's event loop,
   * which that instance serves directly while its worker is idle, and from a caller on an event loop with no instance,
   * whose tasks the client hands to the idlest instance, across event loops.
   */
  void roundTripOnAnInstancesEventLoop() throws Exception {
    String address = "bench.instances";
    List<EventLoops.Supervisor> instances = new CopyOnWriteArrayList<>();
    String id = vertx.deployVerticle(() -> {
      EventLoops.Supervisor instance = new EventLoops.Supervisor(ParallelConfig.defaults().setAgents(1)
        .setAddress(address).setMailboxLimit(Bench.MAILBOX_LIMIT));
      instances.add(instance);
      return instance;
    }, new DeploymentOptions().setInstances(2)).await(120, TimeUnit.SECONDS);
    try {
      PoolDriver direct = new PoolDriver(EventLoops.on(vertx, instances.get(0).context()),
        Parallel.create(vertx, address), address);
      // a Vert.x of 2 event loops (a 1-core machine) has none left without an instance
      PoolDriver fromElsewhere = EventLoops.count(vertx) < 3 ? null : new PoolDriver(EventLoops.awayFrom(vertx,
        List.of(instances.get(0).context(), instances.get(1).context())), Parallel.create(vertx, address), address);
      direct.oneAtATime(settings.rttWarmup(), NoopTask::new);
      if (fromElsewhere != null) {
        fromElsewhere.oneAtATime(settings.rttWarmup(), NoopTask::new);
      }
      List<Double> onLoop = new ArrayList<>();
      List<Double> offLoop = new ArrayList<>();
      for (int r = 0; r < settings.rttRuns(); r++) {
        onLoop.add(Stats.percentile(direct.oneAtATime(settings.rttCount(), NoopTask::new), 50) / 1e3);
        if (fromElsewhere != null) {
          offLoop.add(Stats.percentile(fromElsewhere.oneAtATime(settings.rttCount(), NoopTask::new), 50) / 1e3);
        }
      }
      results.record("noop_rtt_instance_loop_p50_us", onLoop, "as noop_rtt_p50_us, to a supervisor of 2 instances "
        + "of 1 worker, the caller on one instance's event loop (served by that instance directly); p50 per run");
      if (fromElsewhere != null) {
        results.record("noop_rtt_instances_other_loop_p50_us", offLoop, "the same with the caller on an event loop "
          + "with no instance (handed to the instances in turn), in alternation with the previous key; p50 per run");
      } else {
        results.note("noop_rtt_instances_other_loop_p50_us not measured: this Vert.x has no event loop without an "
          + "instance of the 2-instance supervisor");
      }
    } finally {
      vertx.undeploy(id).await(120, TimeUnit.SECONDS);
    }
  }

  void poolOfTwo() throws Exception {
    String address = "bench.pool2";
    Deployed pool = deploy(2, address, "pool_deploy_2w_ms");
    try {
      PoolDriver driver = new PoolDriver(EventLoops.otherThan(vertx, pool.context(), context),
        Parallel.create(vertx, address), address);
      // let the fresh workers settle (the start-up's last allocations, the JIT's first compilations) before sampling
      Thread.sleep(1000);
      List<Long> pids = driver.workerPids();
      results.record("idle_worker_pss_mib", memory.pss(pids),
        "Pss of /proc/PID/smaps_rollup of each fresh idle worker of a 2-worker pool; samples");
      results.record("idle_worker_rss_mib", memory.rss(pids), "Rss of the same, for comparison; samples");

      Load load;
      try (PoolDriver.Window window = driver.window(2 * settings.windowPerWorker())) {
        load = Load.sample(window::completed, pids, settings.poolWarmupS(), settings);
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
      Load oneLoop;
      PoolDriver onPoolLoop = new PoolDriver(pool.context(), Parallel.create(vertx, address), address);
      try (PoolDriver.Window window = onPoolLoop.window(2 * settings.windowPerWorker())) {
        oneLoop = Load.sample(window::completed, pids, settings.poolWarmupS(), settings);
      }
      results.record("throughput_2w_one_loop_per_s", oneLoop.rates(), "as throughput_2w_per_s, with the caller on "
        + "the supervisor's own context: without the hand-overs between two event loops");
      results.record("parent_cpu_per_task_2w_one_loop_us", oneLoop.parentCpuUs(),
        "CPU time of this JVM per task during throughput_2w_one_loop_per_s");
      results.record("cpu_batch_2w_s", cpuBatch.onPool(driver, 2), cpuBatch.description("2 workers"));
    } finally {
      vertx.undeploy(pool.id()).await(120, TimeUnit.SECONDS);
    }
  }
}
