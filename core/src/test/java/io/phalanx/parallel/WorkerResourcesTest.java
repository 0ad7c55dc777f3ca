package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.LeakNative;
import io.phalanx.parallel.fixtures.Processors;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** CPU and memory that fit the machine, with real workers: their share of the cores, their priority, their RSS. */
class WorkerResourcesTest extends PoolTestBase {

  private static final long MIB = 1024 * 1024;
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private long firstPid() {
    return await(Parallel.create(vertx).stats()).getWorkers().get(0).getPid();
  }

  // ------------------------------------------------------------------------------------------------ CPU

  @Test
  void aWorkerSeesItsShareOfTheCores() {
    deploy(ParallelConfig.defaults().setAgents(2));

    int processors = await(Parallel.create(vertx).inWorker(new Processors()));

    assertThat(processors).isEqualTo(Math.max(1, CORES / 2));
  }

  @Test
  void anElasticPoolSharesByMaxAgents() {
    deploy(ParallelConfig.defaults().setAgents(1).setMaxAgents(CORES + 1));

    assertThat(await(Parallel.create(vertx).inWorker(new Processors()))).isEqualTo(1);
  }

  @Test
  void anExplicitProcessorCountWins() {
    deploy(ParallelConfig.defaults().setAgents(2).addJvmOption("-XX:ActiveProcessorCount=3"));

    assertThat(await(Parallel.create(vertx).inWorker(new Processors()))).isEqualTo(3);
  }

  @Test
  void workerNiceLowersTheWorkersPriority() throws Exception {
    Path stat = Path.of("/proc/self/stat");
    assumeTrue(Files.isReadable(stat), "Linux /proc only");
    deploy(ParallelConfig.singleWorker().setWorkerNice(10));
    long pid = firstPid();

    String workerStat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = workerStat.substring(workerStat.lastIndexOf(')') + 2).split(" ");

    assertThat(Integer.parseInt(fields[16])).as("nice of worker pid %d", pid).isEqualTo(10);
    assertThat(Long.parseLong(fields[3])).as("it leads its session").isEqualTo(pid);
    Path autogroup = Path.of("/proc", Long.toString(pid), "autogroup");
    if (Files.isReadable(autogroup)) {
      assertThat(Files.readString(autogroup)).contains("nice 10");
    }
    assertThat(Files.readString(Path.of("/proc/self/autogroup"))).as("the parent's own group is untouched")
      .doesNotContain("nice 10");
  }

  // ------------------------------------------------------------------------------------------------ memory

  @Test
  void aWorkerGetsTwoMallocArenas() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/environ")), "Linux /proc only");
    assumeTrue(System.getenv("MALLOC_ARENA_MAX") == null, "the parent's own MALLOC_ARENA_MAX is passed on as it is");
    deploy(ParallelConfig.singleWorker());

    String environment = Files.readString(Path.of("/proc", Long.toString(firstPid()), "environ"));

    assertThat(environment.split("\0")).contains("MALLOC_ARENA_MAX=2");
  }

  @Test
  void aNativeLeakIsRecycledByTheRssCeiling() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux /proc only");
    BlockingQueue<JsonObject> events = events(ParallelConfig.DEFAULT_ADDRESS);
    Parallel parallel = deployPool(ParallelConfig.singleWorker().setMaxWorkerRss(160 * MIB));

    long leaking = await(parallel.inWorker(new LeakNative(192)));
    long next = await(parallel.inWorker(new WhoAmI())).pid();

    assertThat(next).isNotEqualTo(leaking);
    JsonObject recycled = nextEvent(events, "recycled");
    assertThat(recycled.getString("limit")).isEqualTo("maxWorkerRss");
    assertThat(recycled.getString("reason")).contains("resident").contains("setMaxWorkerRss");
    PoolStats stats = await(parallel.stats());
    assertThat(stats.getTasks().getRestarts()).containsEntry("max_rss", 1L);
  }

  @Test
  void aWorkerUnderTheCeilingStays() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker().setMaxWorkerRss(1024 * MIB));

    long first = await(parallel.inWorker(new LeakNative(8)));
    long second = await(parallel.inWorker(new LeakNative(8)));

    assertThat(second).isEqualTo(first);
    WorkerStats worker = await(parallel.stats()).getWorkers().get(0);
    if (Files.isReadable(Path.of("/proc/self/status"))) {
      assertThat(worker.getRss()).isGreaterThan(16 * MIB);
    }
  }

  @Test
  void overThePoolBudgetTheLargestIdleWorkerGoes() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "Linux /proc only");
    BlockingQueue<JsonObject> events = events(ParallelConfig.DEFAULT_ADDRESS);
    // two fresh workers hold 40 to 80 MiB each: 200 more in one of them breaks a budget of 300
    deploy(ParallelConfig.defaults().setAgents(2).setMaxPoolMemory(300 * MIB));
    Parallel worker1 = Parallel.create(vertx, ParallelConfig.DEFAULT_ADDRESS + ".worker.1");

    long leaking = await(worker1.inWorker(new LeakNative(200)));

    JsonObject recycled = nextEvent(events, "recycled");
    assertThat(recycled.getString("worker")).isEqualTo("worker-1");
    assertThat(recycled.getString("limit")).isEqualTo("maxPoolMemory");
    assertThat(await(worker1.inWorker(new WhoAmI())).pid()).isNotEqualTo(leaking);
  }
}
