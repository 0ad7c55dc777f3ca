package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.FailAt;
import io.phalanx.parallel.fixtures.Halt;
import io.phalanx.parallel.fixtures.Kaboom;
import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.testing.PoolTestBase;
import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.AsyncResult;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link Parallel} on the Vert.x of its pool hands tasks to the pool directly, not through the event bus; to the
 * caller it is the same pool: the same results, failures and callback context.
 */
class LocalPathTest extends PoolTestBase {

  /** The addresses of the messages sent on the event bus since the test began. */
  private final List<String> sent = new CopyOnWriteArrayList<>();

  @BeforeEach
  void watchTheEventBus() {
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      sent.add(delivery.message().address());
      delivery.next();
    });
  }

  @Test
  void aTaskToAPoolOfTheSameVertxSkipsTheEventBus() {
    deploy(ParallelConfig.singleWorker().setAddress("local.one"));
    Parallel parallel = Parallel.create(vertx, "local.one");

    assertThat(await(parallel.inWorker(new Add(2, 3)))).isEqualTo(5);
    assertThat(await(parallel.inWorker(new Add(4, 5), new TaskOptions().setTimeout(10_000)))).isEqualTo(9);

    assertThat(sent).doesNotContain("local.one");
  }

  @Test
  void theBatchOperationsSkipTheEventBusToo() {
    deploy(ParallelConfig.defaults().setAgents(2).setAddress("local.batch"));
    Parallel parallel = Parallel.create(vertx, "local.batch");
    List<Integer> items = List.of(1, 2, 3, 4, 5);

    assertThat(await(parallel.map(items, i -> new Add(i, 10), 2))).containsExactly(11, 12, 13, 14, 15);
    List<AsyncResult<Integer>> settled = await(parallel.mapSettled(items, i -> new FailAt(i, 3, 0), 2));
    assertThat(settled).extracting(AsyncResult::succeeded).containsExactly(true, true, false, true, true);
    assertThat(settled.get(2).cause()).isInstanceOf(TaskFailedException.class).hasMessageContaining("item 3 failed");
    List<Integer> streamed = new CopyOnWriteArrayList<>();
    Promise<Void> ended = Promise.promise();
    ReadStream<Integer> stream = parallel.stream(items, i -> new Add(i, 20), 2);
    stream.exceptionHandler(ended::tryFail).endHandler(v -> ended.tryComplete()).handler(streamed::add);
    await(ended.future());
    assertThat(streamed).containsExactlyInAnyOrder(21, 22, 23, 24, 25);

    assertThat(sent).doesNotContain("local.batch");
  }

  @Test
  void failFastMapCancelsInFlightWithoutEventBus() {
    deploy(ParallelConfig.defaults().setAgents(2).setAddress("local.cancel"));
    Parallel parallel = Parallel.create(vertx, "local.cancel");

    // item 0 would sleep for ten minutes: the map can only end in time if item 1's failure cancels it
    Throwable failure = failureOf(parallel.map(List.of(0, 1), i -> new FailAt(i, 1, i == 0 ? 600_000 : 0), 2));

    assertThat(failure).isInstanceOf(TaskFailedException.class).hasMessageContaining("item 1 failed");
    JsonObject stats = stats("local.cancel");
    for (int i = 0; i < 2; i++) {
      JsonObject worker = stats.getJsonArray("workers").getJsonObject(i);
      assertThat(worker.getBoolean("running")).as("worker " + i + " runs nothing of the map").isFalse();
      assertThat(worker.getInteger("queued")).as("worker " + i + " holds nothing of the map").isZero();
    }
    assertThat(sent).doesNotContain("local.cancel", "local.cancel.cancel");
  }

  @Test
  void failuresArriveTypedAsOnTheEventBus() {
    deploy(ParallelConfig.singleWorker().setAddress("local.fail"));
    Parallel parallel = Parallel.create(vertx, "local.fail");

    Throwable failure = failureOf(parallel.inWorker(new Kaboom("boom")));

    assertThat(failure).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) failure).failureCode()).isEqualTo(FailureCodes.TASK_FAILED);
    assertThat(failure.getMessage()).contains("boom");
    assertThat(failureOf(parallel.inWorker(null))).isInstanceOf(InvalidTaskException.class);
    assertThat(sent).doesNotContain("local.fail");
  }

  @Test
  void theCallbackRunsOnTheCallersContextNotThePools() throws Exception {
    deploy(ParallelConfig.singleWorker().setAddress("local.ctx"));
    Parallel parallel = Parallel.create(vertx, "local.ctx");
    Context caller = vertx.getOrCreateContext();
    Promise<Boolean> onCaller = Promise.promise();

    caller.runOnContext(v -> parallel.inWorker(new Add(1, 1))
      .onComplete(ar -> onCaller.complete(ar.succeeded() && Vertx.currentContext() == caller)));

    assertThat(onCaller.future().await(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aClientCreatedBeforeThePoolFindsItOnceItServes() {
    Parallel parallel = Parallel.create(vertx, "local.later");
    assertThat(failureOf(parallel.inWorker(new Add(1, 2)))).isInstanceOf(PoolUnavailableException.class);

    deploy(ParallelConfig.singleWorker().setAddress("local.later"));

    assertThat(await(parallel.inWorker(new Add(1, 2)))).isEqualTo(3);
    assertThat(sent.stream().filter("local.later"::equals)).hasSize(1);
  }

  @Test
  void afterUndeployTheClientGetsPoolUnavailable() {
    String id = deploy(ParallelConfig.singleWorker().setAddress("local.gone"));
    Parallel parallel = Parallel.create(vertx, "local.gone");
    assertThat(await(parallel.inWorker(new Add(1, 2)))).isEqualTo(3);

    await(vertx.undeploy(id));

    assertThat(failureOf(parallel.inWorker(new Add(1, 2)))).isInstanceOf(PoolUnavailableException.class);
  }

  @Test
  void anAddressServedBySeveralInstancesSkipsTheEventBusToo() {
    Parallel parallel = deployTwoInstances("local.two");

    for (int i = 0; i < 4; i++) {
      assertThat(await(parallel.inWorker(new Add(i, i)))).isEqualTo(2 * i);
    }
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      pids.add(await(parallel.inWorker(new WhoAmI())).pid());
    }

    assertThat(sent).doesNotContain("local.two");
    // from a thread of no instance, two idle instances take the tasks in turn
    assertThat(pids).hasSize(2);
  }

  @Test
  void aCallerOnTheEventLoopOfOneOfSeveralInstancesIsServedByThatInstance() {
    Parallel parallel = deployTwoInstances("local.loop");

    List<Set<Long>> pidsByLoop = new ArrayList<>();
    for (Context caller : oneContextPerEventLoop()) {
      pidsByLoop.add(pidsServing(parallel, caller));
    }

    // the callers on the two instances' event loops: each always served by the worker of its own instance; a caller
    // on any other event loop by both in turn
    List<Set<Long>> servedByOne = pidsByLoop.stream().filter(pids -> pids.size() == 1).toList();
    assertThat(servedByOne).hasSize(2);
    assertThat(servedByOne.get(0)).doesNotContainAnyElementsOf(servedByOne.get(1));
    assertThat(pidsByLoop).hasSize(servedByOne.size() + (int) pidsByLoop.stream().filter(pids -> pids.size() == 2)
      .count());
    assertThat(sent).doesNotContain("local.loop");
  }

  @Test
  void aBusyInstanceOnTheCallersEventLoopHandsTheTaskToAnIdleOne() {
    Parallel parallel = deployTwoInstances("local.busy");
    Context caller = onAnInstancesEventLoop(parallel);
    long own = pidsServing(parallel, caller).iterator().next();

    Promise<Sleep.Span> slept = Promise.promise();
    Promise<WhoAmI.Answer> next = Promise.promise();
    caller.runOnContext(v -> {
      parallel.inWorker(new Sleep(500)).onComplete(slept);
      // a turn later on the same event loop: the instance has taken the sleep by then, and has no idle worker
      caller.runOnContext(w -> parallel.inWorker(new WhoAmI()).onComplete(next));
    });

    assertThat(await(next.future()).pid()).as("the other instance's worker").isNotEqualTo(own);
    assertThat(await(slept.future()).pid()).isEqualTo(own);
    assertThat(sent).doesNotContain("local.busy");
  }

  @Test
  void aBurstFromAnInstancesEventLoopSpreadsOverTheInstances() {
    Parallel parallel = deployTwoInstances("local.burst");
    Context caller = onAnInstancesEventLoop(parallel);

    // six at once, in one turn of the caller's event loop: the first takes its instance's only worker, which counts
    // it at once; the other instance counts its tasks a turn of its own event loop later
    List<Sleep.Span> spans = await(on(caller, () -> sleepers(parallel, 6)));

    assertThat(tasksPerWorker(spans)).containsExactly(3L, 3L);
  }

  @Test
  void aBurstFromAnotherThreadSpreadsEvenlyOverTheInstances() {
    Parallel parallel = deployTwoInstances("local.even");

    // six at once from this thread, none counted by an instance before the next is given: the tasks on their way to
    // each instance count as its own
    List<Sleep.Span> spans = await(sleepers(parallel, 6));

    assertThat(tasksPerWorker(spans)).containsExactly(3L, 3L);
  }

  @Test
  void anInstanceWhoseWorkerIsDownGetsNoTaskWhileAnotherServes() {
    await(vertx.deployVerticle(() -> new SupervisorVerticle(ParallelConfig.singleWorker().setAddress("local.down")
      .setRestartInitialDelay(60_000).setRestartMaxDelay(60_000)), new DeploymentOptions().setInstances(2)));
    Parallel parallel = Parallel.create(vertx, "local.down");
    assertThat(failureOf(parallel.inWorker(new Halt(3)))).isInstanceOf(WorkerCrashedException.class);

    // the crashed worker restarts in a minute: until then its instance would refuse every task it is given
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      pids.add(await(parallel.inWorker(new WhoAmI())).pid());
    }

    assertThat(pids).as("the live instance's worker").hasSize(1);
  }

  @Test
  void poolCountsTheTaskBeforeTheResultArrives() {
    deploy(ParallelConfig.singleWorker().setAddress("local.count"));
    Parallel parallel = Parallel.create(vertx, "local.count");

    for (int i = 1; i <= 20; i++) {
      int done = i;
      // asked from the callback itself: whatever the caller does after its result finds the response handled
      JsonObject stats = await(parallel.inWorker(new Add(i, 1)).compose(sum ->
        vertx.eventBus().<JsonObject>request("local.count.stats", new JsonObject()).map(message -> message.body())));
      JsonObject worker = stats.getJsonArray("workers").getJsonObject(0);
      assertThat(worker.getString("state")).as("after task " + done).isEqualTo("IDLE");
      assertThat(worker.getLong("tasksDone")).as("after task " + done).isEqualTo(done);
    }
  }

  /** @return a client of a supervisor deployed as 2 instances of 1 worker each */
  private Parallel deployTwoInstances(String address) {
    await(vertx.deployVerticle(() -> new SupervisorVerticle(ParallelConfig.singleWorker().setAddress(address)),
      new DeploymentOptions().setInstances(2)));
    return Parallel.create(vertx, address);
  }

  /** @return a context on one instance's event loop: each of its tasks goes to that instance's worker */
  private Context onAnInstancesEventLoop(Parallel parallel) {
    for (Context candidate : oneContextPerEventLoop()) {
      if (pidsServing(parallel, candidate).size() == 1) {
        return candidate;
      }
    }
    throw new AssertionError("no context of the test's Vert.x has all its tasks served by one instance");
  }

  /** @return the pids of the workers that ran 4 tasks given one after the other from {@code caller} */
  private Set<Long> pidsServing(Parallel parallel, Context caller) {
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      pids.add(await(on(caller, () -> parallel.inWorker(new WhoAmI()))).pid());
    }
    return pids;
  }

  private static Future<List<Sleep.Span>> sleepers(Parallel parallel, int count) {
    List<Future<Sleep.Span>> burst = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      burst.add(parallel.inWorker(new Sleep(500, "sleeper-" + i)));
    }
    return Future.all(burst).map(all -> all.<Sleep.Span>list());
  }

  private static List<Long> tasksPerWorker(List<Sleep.Span> spans) {
    Map<Long, Long> byPid = new LinkedHashMap<>();
    spans.forEach(span -> byPid.merge(span.pid(), 1L, Long::sum));
    return List.copyOf(byPid.values());
  }

  /** A new context on each event loop of the test's Vert.x. */
  private List<Context> oneContextPerEventLoop() {
    Map<EventLoop, Context> byLoop = new LinkedHashMap<>();
    for (int i = 0; i < 64; i++) {
      ContextInternal context = ((VertxInternal) vertx).createEventLoopContext();
      byLoop.putIfAbsent(context.nettyEventLoop(), context);
    }
    return List.copyOf(byLoop.values());
  }

  private static <T> Future<T> on(Context context, Supplier<Future<T>> call) {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(done));
    return done.future();
  }

  private JsonObject stats(String address) {
    return await(vertx.eventBus().<JsonObject>request(address + ".stats", new JsonObject())).body();
  }
}
