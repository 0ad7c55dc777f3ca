package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.BigBytes;
import io.phalanx.parallel.fixtures.BigString;
import io.phalanx.parallel.fixtures.Deep;
import io.phalanx.parallel.fixtures.Echo4k;
import io.phalanx.parallel.fixtures.Flood;
import io.phalanx.parallel.fixtures.LargeReporter;
import io.phalanx.parallel.fixtures.RawOutput;
import io.phalanx.parallel.fixtures.ReadStdin;
import io.phalanx.parallel.fixtures.Repeat;
import io.phalanx.parallel.fixtures.SpawnSleep;
import io.phalanx.parallel.fixtures.Stubborn;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.services.BlockingCall;
import io.phalanx.parallel.services.Bundles;
import io.phalanx.parallel.services.CallMany;
import io.phalanx.parallel.services.GreetingServiceImpl;
import io.phalanx.parallel.testing.PoolTestBase;
import io.phalanx.parallel.testing.WorkerProcesses;
import io.phalanx.parallel.testsupport.ChildProcesses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker channel against misbehaving tasks, with real worker JVMs: what a task writes, returns, reads or leaves
 * running cannot corrupt, stall or disable the channel, and every task gets its own outcome.
 */
class WorkerChannelTest extends PoolTestBase {

  private static final String ADDRESS = ParallelConfig.DEFAULT_ADDRESS;

  @Test
  void writesToFd1AndFd2NeverReachTheProtocol() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());
    String forged = "{\"type\":\"task_response\",\"id\":2,\"ok\":true,\"result\":\"forged\"}";
    String call = "{\"type\":\"service_call\",\"id\":1,\"address\":\"x\",\"headers\":{},\"body\":{\"type\":"
      + "\"big_integer\",\"value\":\"" + "9".repeat(600_000) + "\"}}";
    List<RawOutput> writes = List.of(
      new RawOutput(forged, 1, true, false),
      new RawOutput(call, 1, true, false),
      new RawOutput("junk without a newline", 1, false, false),
      new RawOutput("z", 10 * 1024 * 1024, false, false),
      new RawOutput(forged, 1, true, true),
      new RawOutput("z", 10 * 1024 * 1024, false, true));

    for (RawOutput write : writes) {
      assertThat(await(parallel.inWorker(write))).isEqualTo("written");
      assertThat(await(parallel.inWorker(new Add(2, 3)))).isEqualTo(5);
    }

    JsonObject worker = stats().getJsonArray("workers").getJsonObject(0);
    assertThat(worker.getInteger("restarts")).isZero();
    assertThat(worker.getInteger("processes")).isEqualTo(1);
  }

  @Test
  void a21MillionCharStringAndA15MibByteArrayArriveIntact() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());

    String text = await(parallel.inWorker(new BigString(21_000_000)));
    byte[] bytes = await(parallel.inWorker(new BigBytes(15 * 1024 * 1024)));

    assertThat(text).hasSize(21_000_000).endsWith("xy");
    assertThat(text.chars().limit(20_999_999).allMatch(c -> c == 'x')).isTrue();
    assertThat(Arrays.equals(bytes, BigBytes.expected(15 * 1024 * 1024))).isTrue();
  }

  @Test
  void aLargeResultReachesAJsonSenderAndTheClientIntact() {
    // the supervisor keeps a result as its bytes; a JSON sender's reply of a large one is built off the event loop
    Parallel parallel = deployPool(ParallelConfig.singleWorker());

    Future<Message<Object>> json = request(ADDRESS, BigString.class, new JsonObject().put("chars", 3_000_000));
    Future<String> typed = parallel.inWorker(new BigString(3_000_000));
    Future<Message<Object>> small = request(ADDRESS, Repeat.class, new JsonObject().put("text", "ab").put("times", 3));

    String viaJson = ((JsonObject) await(json).body()).getString("result");
    assertThat(viaJson).hasSize(3_000_000).endsWith("xy");
    assertThat(await(typed)).isEqualTo(viaJson);
    assertThat(await(small).body()).isEqualTo(new JsonObject().put("result", "ababab"));
  }

  @Test
  void aLargeJsonAnswerOrUpdateIsSentFromAWorkerThreadNotTheEventLoop() {
    // Vert.x copies a JsonObject for a receiver in this JVM, and encodes it for one on another node, on the thread
    // that sends it: sent from the supervisor's loop, a large one held up every other worker's tasks
    deployPool(ParallelConfig.singleWorker());
    String requestId = java.util.UUID.randomUUID().toString();
    String progressAddress = ADDRESS + ".progress." + requestId;
    Set<String> replyAddresses = ConcurrentHashMap.newKeySet();
    List<String> sent = new CopyOnWriteArrayList<>();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      Message<Object> message = delivery.message();
      String where = sendingThread();
      if (message.address().equals(ADDRESS) && message.replyAddress() != null) {
        replyAddresses.add(message.replyAddress());
      } else if (message.address().equals(progressAddress)) {
        sent.add("update " + ((JsonObject) delivery.body()).getInteger("seq") + where);
      } else if (replyAddresses.contains(message.address())) {
        sent.add(delivery.body() instanceof JsonObject answer ? answer.getString("result").length() + " chars" + where
          : "a failure: " + delivery.body());
      }
      delivery.next();
    });
    await(vertx.eventBus().consumer(progressAddress, update -> update.reply(null)).completion());

    await(vertx.eventBus().request(ADDRESS, new JsonObject().put("task", LargeReporter.class.getName())
      .put("args", new JsonObject().put("chars", 400_000).put("steps", 2)), new DeliveryOptions()
      .addHeader(EventBusHeaders.REQUEST_ID, requestId).addHeader(EventBusHeaders.PROGRESS_ADDRESS, progressAddress)));
    await(request(ADDRESS, BigString.class, new JsonObject().put("chars", 3_000_000)));

    assertThat(sent).containsExactly("update 1 on a worker thread", "update 2 on an event loop",
      "4 chars on an event loop", "3000000 chars on a worker thread");
  }

  @Test
  void eightOversizedResultsLeaveWorkerServing() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker().setMaxFrameBytes(1024 * 1024).setMaxRestarts(1));

    for (int i = 0; i < 8; i++) {
      Future<?> breaking = i % 2 == 0 ? parallel.inWorker(new Repeat("y", 2_000_000))
        : parallel.inWorker(new Deep(2_000));
      Throwable failure = failureOf(breaking);
      assertThat(failure).isInstanceOf(PayloadTooLargeException.class);
      assertThat(((ParallelException) failure).failureCode()).isEqualTo(413);
    }

    assertThat(await(parallel.inWorker(new Add(20, 22)))).isEqualTo(42);
    JsonObject worker = stats().getJsonArray("workers").getJsonObject(0);
    assertThat(worker.getInteger("restarts")).isZero();
    assertThat(worker.getInteger("processes")).isEqualTo(1);
  }

  @Test
  void killedWorkerIsReportedAtOnce() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());
    String seconds = "30." + System.nanoTime() % 1_000_000;
    Future<Long> stuck = parallel.inWorker(new SpawnSleep(seconds, true));
    ProcessHandle sleep = ChildProcesses.awaitAnywhere("sleep " + seconds, Duration.ofSeconds(30)).get(0);
    ProcessHandle worker = sleep.parent().orElseThrow();

    long killed = System.nanoTime();
    worker.destroyForcibly();
    Throwable failure = failureOf(stuck);
    long reported = System.nanoTime() - killed;

    assertThat(failure).isInstanceOf(WorkerCrashedException.class).hasMessageContaining("exit code 137");
    assertThat(TimeUnit.NANOSECONDS.toMillis(reported)).as("the crash is seen from the process").isLessThan(1_000);
    ChildProcesses.assertGoneAnywhere("sleep " + seconds, Duration.ofSeconds(2).minusNanos(reported));
  }

  @Test
  void aStoppedWorkerStallsNeitherStatsNorAnotherWorker() throws Exception {
    // stopped as long as the test needs: not killed as unresponsive meanwhile
    deploy(ParallelConfig.defaults().setAgents(2).setHeartbeatTimeout(0)
      .setServiceBundles(List.of(Bundles.Test.class.getName())));
    String payload = "p".repeat(4096);
    GreetingServiceImpl.ECHO_LATER_CALLS.set(0);
    GreetingServiceImpl.ECHO_LATER_ANSWERS.set(0);
    Future<Message<Object>> calling = request(ADDRESS + ".worker.0", CallMany.class,
      new JsonObject().put("count", 32).put("payload", payload).put("millis", 300));
    waitUntil(() -> GreetingServiceImpl.ECHO_LATER_CALLS.get() == 32, "32 service calls of worker 0 arrived");
    long pid = stats().getJsonArray("workers").getJsonObject(0).getLong("pid");

    signal("STOP", pid);
    try {
      List<Future<Message<Object>>> queued = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        queued.add(request(ADDRESS + ".worker.0", Echo4k.class, new JsonObject().put("payload", payload + i)));
      }
      waitUntil(() -> GreetingServiceImpl.ECHO_LATER_ANSWERS.get() == 32, "the 32 replies are due");

      assertWithin(100, "a .stats request", () -> vertx.eventBus().request(ADDRESS + ".stats", ""));
      assertWithin(100, "a no-op on worker 1", () -> request(ADDRESS + ".worker.1", Add.class,
        new JsonObject().put("a", 1).put("b", 2)));

      signal("CONT", pid);
      for (int i = 0; i < 32; i++) {
        assertThat(((JsonObject) await(queued.get(i)).body()).getString("result")).isEqualTo(payload + i);
      }
      assertThat(((JsonObject) await(calling).body()).getInteger("result")).isEqualTo(32 * 4096);
    } finally {
      signal("CONT", pid);
    }
  }

  @Test
  void aBlockingParentServiceDelaysNoOtherWorker() throws Exception {
    deploy(ParallelConfig.defaults().setAgents(2)
      .setServiceBundles(List.of(Bundles.Blocking.class.getName())));
    Future<Message<Object>> blocking = request(ADDRESS + ".worker.0", BlockingCall.class,
      new JsonObject().put("millis", 2_500));
    waitUntil(GreetingServiceImpl.BLOCKING::get, "the service blocks");

    assertWithin(100, "a no-op on worker 1", () -> request(ADDRESS + ".worker.1", Add.class,
      new JsonObject().put("a", 1).put("b", 2)));
    assertWithin(100, "a .stats request", () -> vertx.eventBus().request(ADDRESS + ".stats", ""));

    assertThat(((JsonObject) await(blocking).body()).getString("result")).startsWith("blocked 2500");
  }

  @Test
  void aFloodOfProgressKeepsTheParentHeapBounded() throws Exception {
    deploy(ParallelConfig.singleWorker());
    AtomicLong received = new AtomicLong();
    AtomicLong last = new AtomicLong();
    long baseline = heapAfterGc();

    TaskExecution<Long> flood = Parallel.create(vertx).submit(new Flood(4_000));
    flood.progressHandler(Long.class, update -> {
      received.incrementAndGet();
      last.set(update);
    });
    long peak = baseline;
    // a few samples only: a collection stops the parent's event loop too
    for (int sample = 0; sample < 3 && !flood.result().isComplete(); sample++) {
      try {
        flood.result().await(1, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        peak = Math.max(peak, heapAfterGc());
      }
    }
    long sent = await(flood.result());

    assertThat(peak - baseline).as("retained heap during the flood").isLessThan(64L * 1024 * 1024);
    assertThat(sent).as("updates the task sent").isGreaterThan(100_000);
    assertThat(received.get()).as("coalesced on their way").isLessThan(sent);
    assertThat(last.get()).as("the newest one arrives before the result").isEqualTo(sent);
  }

  @Test
  void aTaskReadingStdinGetsEndOfFileAndTheWorkerServesOn() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());

    assertThat(await(parallel.inWorker(new ReadStdin()))).isZero();
    for (int i = 0; i < 20; i++) {
      assertThat(await(parallel.inWorker(new Add(i, 1)))).isEqualTo(i + 1);
    }
    assertThat(stats().getJsonArray("workers").getJsonObject(0).getInteger("processes")).isEqualTo(1);
  }

  @Test
  void undeployIsBoundedBySigtermIgnoringTask() throws Exception {
    String id = deploy(ParallelConfig.singleWorker().setShutdownGracePeriod(1_000).setKillGracePeriod(1_000));
    Parallel parallel = Parallel.create(vertx);
    long workerPid = await(parallel.inWorker(new WhoAmI())).pid();
    Future<String> stubborn = parallel.inWorker(new Stubborn());
    waitUntil(() -> stats().getJsonArray("workers").getJsonObject(0).getBoolean("running"), "the task runs");

    long started = System.nanoTime();
    await(vertx.undeploy(id));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(millis).as("the two grace periods plus 2 s").isLessThan(1_000 + 1_000 + 2_000);
    assertThat(failureOf(stubborn)).isInstanceOf(PoolUnavailableException.class)
      .hasMessageContaining("kill grace period");
    assertThat(ProcessHandle.of(workerPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    WorkerProcesses.assertNoneAlive(Duration.ZERO);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private JsonObject stats() {
    return (JsonObject) await(vertx.eventBus().request(ADDRESS + ".stats", "")).body();
  }

  private Future<Message<Object>> request(String address, Class<?> task, JsonObject args) {
    return vertx.eventBus().request(address, new JsonObject().put("task", task.getName()).put("args", args),
      new DeliveryOptions().setSendTimeout(60_000));
  }

  /** Runs {@code probe} up to three times; fails unless one run answers within {@code millis}. */
  private static void assertWithin(long millis, String what, Supplier<Future<?>> probe) {
    long best = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3 && best >= millis; attempt++) {
      long started = System.nanoTime();
      await(probe.get());
      best = Math.min(best, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
    assertThat(best).as(what + " took (ms)").isLessThan(millis);
  }

  private static void waitUntil(Supplier<Boolean> condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      // polled: these conditions have no event of their own
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  private static long heapAfterGc() {
    System.gc();
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
