package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Cooperative;
import io.phalanx.parallel.fixtures.FailAt;
import io.phalanx.parallel.fixtures.LargeReporter;
import io.phalanx.parallel.fixtures.Reporter;
import io.phalanx.parallel.fixtures.SaidSpin;
import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.fixtures.Touch;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class StructuredParallelismTest extends PoolTestBase {

  private static final List<Integer> TWENTY = IntStream.range(0, 20).boxed().collect(Collectors.toList());

  @Test
  void mapWithLimitThreeRunsThreeAtMost() {
    deploy(ParallelConfig.defaults().setAgents(4));
    List<Integer> items = IntStream.range(0, 9).boxed().collect(Collectors.toList());

    List<Sleep.Span> spans = await(Parallel.create(vertx).map(items, i -> new Sleep(600, "item-" + i), 3));

    assertThat(Sleep.Span.maxRunningAtOnce(spans)).isEqualTo(3);
  }

  @Test
  void mapFailsFastAndLeavesNothingBehind() {
    Parallel parallel = deployPool(ParallelConfig.defaults().setAgents(2));

    Throwable failure = failureOf(parallel.map(TWENTY, i -> new FailAt(i, 3, 300), 4));

    assertThat(failure).isInstanceOf(TaskFailedException.class).hasMessageContaining("item 3 failed");
    JsonObject stats = stats(ParallelConfig.DEFAULT_ADDRESS);
    long ran = 0;
    for (int i = 0; i < 2; i++) {
      JsonObject worker = stats.getJsonArray("workers").getJsonObject(i);
      assertThat(worker.getBoolean("running")).as("nothing of the batch runs").isFalse();
      assertThat(worker.getInteger("queued")).as("nothing of the batch waits").isZero();
      ran += worker.getLong("tasksDone");
    }
    assertThat(ran).isLessThan(20);
  }

  @Test
  void mapSettledReturnsOutcomesInItemOrder() {
    deploy(ParallelConfig.defaults().setAgents(2));

    List<AsyncResult<Integer>> outcomes = await(Parallel.create(vertx).mapSettled(TWENTY,
      i -> new FailAt(i, 3, 20), 4));

    assertThat(outcomes).hasSize(20);
    for (int i = 0; i < 20; i++) {
      if (i == 3) {
        assertThat(outcomes.get(i).failed()).isTrue();
        assertThat(outcomes.get(i).cause()).isInstanceOf(TaskFailedException.class).hasMessageContaining("item 3");
      } else {
        assertThat(outcomes.get(i).succeeded()).isTrue();
        assertThat(outcomes.get(i).result()).isEqualTo(i);
      }
    }
  }

  @Test
  void pausedStreamSendsNothingResumedDeliversAll() {
    Parallel parallel = deployPool(ParallelConfig.defaults().setAgents(2));
    List<Integer> items = IntStream.range(0, 10).boxed().collect(Collectors.toList());
    ReadStream<Sleep.Span> stream = parallel.stream(items, i -> new Sleep(100, "item-" + i), 2);
    List<String> received = new CopyOnWriteArrayList<>();
    Promise<Void> firstArrived = Promise.promise();
    Promise<Void> ended = Promise.promise();
    stream.endHandler(v -> ended.tryComplete());
    stream.exceptionHandler(ended::tryFail);
    stream.handler(span -> {
      received.add(span.tag());
      if (received.size() == 1) {
        stream.pause();
        firstArrived.complete();
      }
    });
    await(firstArrived.future());

    awaitIdle(ParallelConfig.DEFAULT_ADDRESS);
    long startedWhilePaused = tasksDone(ParallelConfig.DEFAULT_ADDRESS);
    // one result delivered; at most the other task in flight (limit 2) finished after the pause
    assertThat(startedWhilePaused).isLessThanOrEqualTo(2);
    assertThat(received).hasSize(1);

    stream.resume();
    await(ended.future());

    assertThat(received).hasSize(10).doesNotHaveDuplicates()
      .containsExactlyInAnyOrderElementsOf(items.stream().map(i -> "item-" + i).collect(Collectors.toList()));
    assertThat(tasksDone(ParallelConfig.DEFAULT_ADDRESS)).isEqualTo(10);
  }

  @Test
  void aStreamPipesIntoAWriteStream() {
    deploy(ParallelConfig.defaults().setAgents(2));
    List<Integer> items = IntStream.range(0, 6).boxed().collect(Collectors.toList());
    List<Integer> written = new CopyOnWriteArrayList<>();
    io.vertx.core.streams.WriteStream<Integer> sink = new CollectingWriteStream<>(written);

    await(Parallel.create(vertx).stream(items, i -> new Add(i, 100), 3).pipeTo(sink));

    assertThat(written).containsExactlyInAnyOrder(100, 101, 102, 103, 104, 105);
  }

  @Test
  void aCancelledWaitingTaskNeverRuns(@TempDir Path dir) {
    Parallel parallel = deployPool(ParallelConfig.singleWorker());
    Path trace = dir.resolve("ran");

    TaskExecution<Sleep.Span> running = parallel.submit(new Sleep(800));
    TaskExecution<String> waiting = parallel.submit(new Touch(trace.toString()));
    assertThat(await(waiting.cancel())).isTrue();

    assertThat(failureOf(waiting.result())).isInstanceOf(TaskCancelledException.class);
    assertThat(((ParallelException) waiting.result().cause()).failureCode()).isEqualTo(408);
    await(running.result());
    assertThat(await(parallel.inWorker(new Add(1, 1)))).isEqualTo(2);
    assertThat(Files.exists(trace)).as("the cancelled task never ran").isFalse();
  }

  @Test
  void cancelledCooperativeTaskStopsWorkerServes() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker().setCancelGracePeriod(30_000));
    long pid = await(parallel.inWorker(new WhoAmI())).pid();
    List<Object> progress = new ArrayList<>();

    TaskExecution<Long> execution = parallel.submit(new Cooperative(60_000));
    awaitRunning(ParallelConfig.DEFAULT_ADDRESS);
    long cancelledAt = System.nanoTime();
    assertThat(await(execution.cancel())).isTrue();

    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cancelledAt)).isLessThan(20);
    assertThat(failureOf(execution.result())).isInstanceOf(TaskCancelledException.class);
    assertThat(await(parallel.inWorker(new WhoAmI())).pid()).as("not killed").isEqualTo(pid);
    assertThat(progress).isEmpty();
  }

  @Test
  void deafCpuLoopIsKilledAfterGracePeriod() {
    Parallel parallel = deployPool(ParallelConfig.singleWorker().setCancelGracePeriod(500));
    long pid = await(parallel.inWorker(new WhoAmI())).pid();

    TaskExecution<Long> execution = parallel.submit(new SaidSpin(120_000));
    Promise<Object> spinning = Promise.promise();
    execution.progressHandler(spinning::tryComplete);
    await(spinning.future());
    assertThat(await(execution.cancel())).isTrue();

    assertThat(failureOf(execution.result())).isInstanceOf(TaskCancelledException.class);
    WhoAmI.Answer after = await(parallel.inWorker(new WhoAmI()));
    assertThat(after.pid()).as("a new process").isNotEqualTo(pid);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void cancellingAFinishedTaskChangesNothing() {
    deploy(ParallelConfig.singleWorker());
    TaskExecution<Integer> execution = Parallel.create(vertx).submit(new Add(2, 2));
    assertThat(await(execution.result())).isEqualTo(4);
    assertThat(await(execution.cancel())).isFalse();
    assertThat(execution.result().result()).isEqualTo(4);
  }

  @Test
  void progressUpdatesArriveInOrderTheLastBeforeTheResult() {
    deploy(ParallelConfig.singleWorker());
    List<String> seen = new CopyOnWriteArrayList<>();

    TaskExecution<String> execution = Parallel.create(vertx).submit(new Reporter(50));
    execution.progressHandler(Reporter.Step.class, step -> seen.add("step " + step.done()));
    Future<String> result = execution.result().onSuccess(done -> seen.add("result " + done));
    await(result);

    // a burst is coalesced past the updates on their way: the order holds, the first and the newest always arrive
    assertThat(seen).startsWith("step 1").endsWith("step 50", "result done");
    List<Integer> steps = seen.subList(0, seen.size() - 1).stream()
      .map(s -> Integer.parseInt(s.substring("step ".length()))).collect(Collectors.toList());
    assertThat(steps).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void progressReachesTheProgressAddressTheRequestOwns() {
    deploy(ParallelConfig.singleWorker());
    List<JsonObject> updates = new CopyOnWriteArrayList<>();

    io.vertx.core.eventbus.Message<Object> reply = requestWithProgress(Reporter.class,
      new JsonObject().put("steps", 3), updates);

    assertThat(reply.body()).isEqualTo(new JsonObject().put("result", "done"));
    assertThat(reply.headers().get(EventBusHeaders.PROGRESS_COUNT)).isEqualTo("3");
    assertThat(updates).extracting(u -> u.getInteger("seq")).containsExactly(1, 2, 3);
    assertThat(updates.get(2).getJsonObject("progress")).isEqualTo(new JsonObject().put("done", 3).put("of", 3));
  }

  @Test
  void largeProgressUpdatesReachTheClientInOrderBeforeTheResult() {
    deploy(ParallelConfig.singleWorker());
    List<String> seen = new CopyOnWriteArrayList<>();

    TaskExecution<String> execution = Parallel.create(vertx).submit(new LargeReporter(400_000, 6));
    execution.progressHandler(LargeReporter.Step.class, step -> seen.add(step.done() + ":" + step.text().length()));
    await(execution.result().onSuccess(done -> seen.add(done)));

    // the large ones are turned into JSON off the supervisor's event loop; the small ones after them wait for them
    assertThat(seen).containsExactly("1:400000", "2:1", "3:400000", "4:1", "5:400000", "6:1", "done");
  }

  @Test
  void aParallelClientGetsEachUpdateAsTheWorkersBytesAndReadsItIntoItsType() {
    // no JSON is built in the supervisor for a Parallel client's updates, large or small
    deploy(ParallelConfig.singleWorker());
    List<String> bodies = new CopyOnWriteArrayList<>();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (delivery.message().address().startsWith(ParallelConfig.DEFAULT_ADDRESS + ".progress.")) {
        bodies.add(delivery.body().getClass().getSimpleName());
      }
      delivery.next();
    });
    List<LargeReporter.Step> typed = new CopyOnWriteArrayList<>();
    List<Object> untyped = new CopyOnWriteArrayList<>();

    TaskExecution<String> first = Parallel.create(vertx).submit(new LargeReporter(300_000, 2));
    first.progressHandler(LargeReporter.Step.class, typed::add);
    await(first.result());
    TaskExecution<String> second = Parallel.create(vertx).submit(new LargeReporter(3, 1));
    second.progressHandler(untyped::add);
    await(second.result());

    assertThat(bodies).containsExactly("TaskValue", "TaskValue", "TaskValue");
    assertThat(typed).containsExactly(new LargeReporter.Step(1, "p".repeat(300_000)), new LargeReporter.Step(2, "s"));
    assertThat(untyped).containsExactly(new JsonObject().put("done", 1).put("text", "ppp"));
  }

  @Test
  void largeProgressUpdatesReachAJsonSenderInOrderAndCounted() {
    deploy(ParallelConfig.singleWorker());
    List<JsonObject> updates = new CopyOnWriteArrayList<>();

    io.vertx.core.eventbus.Message<Object> reply = requestWithProgress(LargeReporter.class,
      new JsonObject().put("chars", 400_000).put("steps", 4), updates);

    assertThat(reply.body()).isEqualTo(new JsonObject().put("result", "done"));
    assertThat(reply.headers().get(EventBusHeaders.PROGRESS_COUNT)).isEqualTo("4");
    assertThat(updates).extracting(u -> u.getInteger("seq")).containsExactly(1, 2, 3, 4);
    assertThat(updates).extracting(u -> u.getJsonObject("progress").getString("text").length())
      .containsExactly(400_000, 1, 400_000, 1);
    assertThat(updates).extracting(u -> u.getJsonObject("progress").getInteger("done")).containsExactly(1, 2, 3, 4);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  /** A JSON request for {@code task} that owns a progress address, whose updates {@code updates} collects. */
  private io.vertx.core.eventbus.Message<Object> requestWithProgress(Class<?> task, JsonObject args,
                                                                     List<JsonObject> updates) {
    String requestId = java.util.UUID.randomUUID().toString();
    String progressAddress = ParallelConfig.DEFAULT_ADDRESS + ".progress." + requestId;
    await(vertx.eventBus().<JsonObject>consumer(progressAddress, message -> updates.add(message.body()))
      .completion());
    return await(vertx.eventBus().request(ParallelConfig.DEFAULT_ADDRESS,
      new JsonObject().put("task", task.getName()).put("args", args),
      new io.vertx.core.eventbus.DeliveryOptions().addHeader(EventBusHeaders.REQUEST_ID, requestId)
        .addHeader(EventBusHeaders.PROGRESS_ADDRESS, progressAddress)));
  }

  private JsonObject stats(String address) {
    return (JsonObject) await(vertx.eventBus().request(address + ".stats", null)).body();
  }

  private long tasksDone(String address) {
    JsonObject stats = stats(address);
    long done = 0;
    for (int i = 0; i < stats.getJsonArray("workers").size(); i++) {
      done += stats.getJsonArray("workers").getJsonObject(i).getLong("tasksDone");
    }
    return done;
  }

  /** Polls the pool's stats (another process's progress has no event to await) until no task runs or waits. */
  private void awaitIdle(String address) {
    awaitStats(address, stats -> stats.getJsonArray("workers").stream().map(JsonObject.class::cast)
      .noneMatch(w -> w.getBoolean("running") || w.getInteger("queued") > 0));
  }

  private void awaitRunning(String address) {
    awaitStats(address, stats -> stats.getJsonArray("workers").stream().map(JsonObject.class::cast)
      .anyMatch(w -> w.getBoolean("running")));
  }

  private void awaitStats(String address, java.util.function.Predicate<JsonObject> condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (condition.test(stats(address))) {
        return;
      }
      Promise<Void> tick = Promise.promise();
      vertx.setTimer(20, id -> tick.complete());
      await(tick.future());
    }
    throw new AssertionError("the pool's stats never met the condition within 30 s");
  }



  /** A WriteStream that collects what it is given. */
  private static final class CollectingWriteStream<T> implements io.vertx.core.streams.WriteStream<T> {
    private final List<T> sink;

    CollectingWriteStream(List<T> sink) {
      this.sink = sink;
    }

    @Override
    public io.vertx.core.streams.WriteStream<T> exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
      return this;
    }

    @Override
    public Future<Void> write(T data) {
      sink.add(data);
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> end() {
      return Future.succeededFuture();
    }

    @Override
    public io.vertx.core.streams.WriteStream<T> setWriteQueueMaxSize(int maxSize) {
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return false;
    }

    @Override
    public io.vertx.core.streams.WriteStream<T> drainHandler(io.vertx.core.Handler<Void> handler) {
      return this;
    }
  }
}
