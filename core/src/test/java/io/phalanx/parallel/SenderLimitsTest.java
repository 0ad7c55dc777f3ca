package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Reporter;
import io.phalanx.parallel.fixtures.Sleep;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a sender can and cannot decide ({@code docs/security.md}): the pool's limits are ceilings, progress
 * goes only to an address the request owns, and the ids that cancel cannot be guessed.
 */
class SenderLimitsTest extends PoolTestBase {

  private static final String ADDRESS = "limits.pool";

  private static JsonObject sleep(long millis) {
    return new JsonObject().put("task", Sleep.class.getName()).put("args", new JsonObject().put("millis", millis)
      .put("tag", ""));
  }

  private Future<Message<Object>> request(Object body, DeliveryOptions options) {
    return vertx.eventBus().request(ADDRESS, body, options.setSendTimeout(60_000));
  }

  /** The time from now until the future fails, and its failure; fails the test if it succeeds. */
  private record Timed(Throwable failure, Duration took) {
  }

  private static Future<Timed> timed(Future<?> future) {
    long start = System.nanoTime();
    return future.transform(ar -> ar.succeeded()
      ? Future.failedFuture(new AssertionError("expected a failure, got " + ar.result()))
      : Future.succeededFuture(new Timed(ar.cause(), Duration.ofNanos(System.nanoTime() - start))));
  }

  @Test
  void aHeaderCannotLiftThePoolsTimeout() {
    // one idle worker per request, so that each 5 s task starts at once
    deploy(new ParallelConfig().setAgents(4).setAddress(ADDRESS).setTaskTimeout(500));
    Parallel parallel = Parallel.create(vertx, ADDRESS);

    List<Future<Timed>> outcomes = List.of(
      timed(request(sleep(5_000), new DeliveryOptions().addHeader(EventBusHeaders.TIMEOUT, "0"))),
      timed(request(sleep(5_000), new DeliveryOptions().addHeader(EventBusHeaders.TIMEOUT, "60000"))),
      timed(parallel.inWorker(new Sleep(5_000), new TaskOptions().setTimeout(0))),
      timed(parallel.inWorker(new Sleep(5_000), new TaskOptions().setTimeout(60_000))));

    for (Timed outcome : await(Future.all(outcomes)).<Timed>list()) {
      Throwable failure = outcome.failure();
      int code = failure instanceof ReplyException reply ? reply.failureCode()
        : ((ParallelException) failure).failureCode();
      assertThat(code).as("%s", failure).isEqualTo(FailureCodes.TASK_TIMEOUT);
      assertThat(outcome.took()).as("%s", failure).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void aHeaderMayLowerTheTimeoutOrSetAMissingOne() {
    deploy(new ParallelConfig().setAgents(2).setAddress(ADDRESS));

    Timed lowered = await(timed(request(sleep(5_000), new DeliveryOptions().addHeader(EventBusHeaders.TIMEOUT,
      "300"))));
    Timed local = await(timed(Parallel.create(vertx, ADDRESS).inWorker(new Sleep(5_000),
      new TaskOptions().setTimeout(300))));

    assertThat(((ReplyException) lowered.failure()).failureCode()).isEqualTo(FailureCodes.TASK_TIMEOUT);
    assertThat(lowered.took()).isLessThan(Duration.ofSeconds(2));
    assertThat(local.failure()).isInstanceOf(TaskTimeoutException.class);
    assertThat(local.took()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aConsumerAtAnAddressTheSenderNamesGetsNothing() {
    deploy(ParallelConfig.singleWorker().setAddress(ADDRESS));
    List<String> listened = List.of("app.private", ADDRESS + ".progress.mine", ADDRESS + ".progress",
      "other.pool.progress." + UUID.randomUUID());
    List<String> named = new ArrayList<>(listened);
    named.addAll(List.of(ADDRESS, ADDRESS + ".events", ADDRESS + ".cancel"));
    List<Object> received = new CopyOnWriteArrayList<>();
    Map<String, Promise<Void>> markers = new HashMap<>();
    for (String address : listened) {
      Promise<Void> marker = Promise.promise();
      markers.put(address, marker);
      await(vertx.eventBus().consumer(address, message -> {
        if ("marker".equals(message.body())) {
          marker.tryComplete();
        } else {
          received.add(message.body());
        }
      }).completion());
    }
    JsonObject reporter = new JsonObject().put("task", Reporter.class.getName())
      .put("args", new JsonObject().put("steps", 3));

    for (String address : named) {
      for (String requestId : new String[]{null, UUID.randomUUID().toString()}) {
        DeliveryOptions options = new DeliveryOptions().addHeader(EventBusHeaders.PROGRESS_ADDRESS, address);
        if (requestId != null) {
          options.addHeader(EventBusHeaders.REQUEST_ID, requestId);
        }
        Throwable refusal = failureOf(request(reporter, options));
        assertThat(((ReplyException) refusal).failureCode()).as(address).isEqualTo(FailureCodes.INVALID_TASK);
        assertThat(refusal.getMessage()).as(address).contains(EventBusHeaders.PROGRESS_ADDRESS);
      }
    }
    // a marker sent through each consumer now arrives after anything the pool could have sent there before
    for (String address : listened) {
      vertx.eventBus().send(address, "marker");
      await(markers.get(address).future());
    }
    assertThat(received).isEmpty();
  }

  @Test
  void progressGoesToAnAddressOfTheRequestsOwn() {
    deploy(ParallelConfig.singleWorker().setAddress(ADDRESS));
    String own = ADDRESS + ".progress." + UUID.randomUUID();
    List<JsonObject> updates = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer(own, message -> updates.add(message.body())).completion());

    Message<Object> reply = await(request(new JsonObject().put("task", Reporter.class.getName())
      .put("args", new JsonObject().put("steps", 3)), new DeliveryOptions()
      .addHeader(EventBusHeaders.PROGRESS_ADDRESS, own)));

    assertThat(reply.body()).isEqualTo(new JsonObject().put("result", "done"));
    assertThat(reply.headers().get(EventBusHeaders.PROGRESS_COUNT)).isEqualTo("3");
    assertThat(updates).extracting(update -> update.getInteger("seq")).containsExactly(1, 2, 3);
  }

  @Test
  void guessedCancelIdsLeaveARunningTaskAlone() {
    deploy(new ParallelConfig().setAgents(2).setAddress(ADDRESS));
    Parallel parallel = Parallel.create(vertx, ADDRESS);
    // one batch task on the local path (no id at all) and one submitted over the event bus (a random id)
    Future<List<Sleep.Span>> batch = parallel.map(List.of(1), i -> new Sleep(4_000, "batch"), 1);
    TaskExecution<Sleep.Span> submitted = parallel.submit(new Sleep(4_000, "submitted"));
    await(runningTasks(2));

    List<Future<Message<JsonObject>>> guesses = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      String guess = i % 2 == 0 ? "local-" + i / 2 : UUID.randomUUID().toString();
      guesses.add(vertx.eventBus().request(ADDRESS + ".cancel", new JsonObject().put("request", guess)));
    }
    for (Future<Message<JsonObject>> guess : guesses) {
      assertThat(await(guess).body().getBoolean("cancelled")).isFalse();
    }

    assertThat(await(batch)).extracting(Sleep.Span::tag).containsExactly("batch");
    assertThat(await(submitted.result()).tag()).isEqualTo("submitted");
  }

  @Test
  void aSecondRequestUnderARunningRequestsIdIsRefused() {
    deploy(ParallelConfig.singleWorker().setAddress(ADDRESS));
    String id = UUID.randomUUID().toString();
    Future<Message<Object>> first = request(sleep(1_000), new DeliveryOptions().addHeader(EventBusHeaders.REQUEST_ID,
      id));

    Throwable second = failureOf(request(sleep(0),
      new DeliveryOptions().addHeader(EventBusHeaders.REQUEST_ID, id)));

    assertThat(((ReplyException) second).failureCode()).isEqualTo(FailureCodes.INVALID_TASK);
    assertThat(second.getMessage()).contains(id).contains("already in use");
    assertThat(await(first).body()).isInstanceOf(JsonObject.class);
  }

  @Test
  void badHeadersAreAnswered400NamingTheHeader() {
    deploy(ParallelConfig.singleWorker().setAddress(ADDRESS));
    JsonObject add = new JsonObject().put("task", Add.class.getName()).put("args", new JsonObject().put("a", 1)
      .put("b", 2));
    List<DeliveryOptions> bad = List.of(
      new DeliveryOptions().addHeader(EventBusHeaders.TIMEOUT, "soon"),
      new DeliveryOptions().addHeader(EventBusHeaders.TIMEOUT, "-2"),
      new DeliveryOptions().addHeader(EventBusHeaders.TIMEOUT, "99999999999999999999"),
      new DeliveryOptions().addHeader(EventBusHeaders.TIMEOUT, "1").addHeader(EventBusHeaders.TIMEOUT, "2"),
      new DeliveryOptions().addHeader(EventBusHeaders.REQUEST_ID, "local-7"),
      new DeliveryOptions().addHeader(EventBusHeaders.REQUEST_ID, "00000000-0000-1000-8000-000000000000"),
      new DeliveryOptions().addHeader("phalanx-priority", "high"),
      new DeliveryOptions().addHeader(EventBusHeaders.PROGRESS_COUNT, "3"));

    for (DeliveryOptions options : bad) {
      Throwable refusal = failureOf(request(add, options));
      String header = options.getHeaders().names().iterator().next();
      assertThat(((ReplyException) refusal).failureCode()).as(header).isEqualTo(FailureCodes.INVALID_TASK);
      assertThat(refusal.getMessage()).as(header).contains(header);
    }
    assertThat(await(request(add, new DeliveryOptions().addHeader("traceparent", "00-ab-cd-01"))).body())
      .isEqualTo(new JsonObject().put("result", 3));
  }

  /** Completes once the pool runs this many tasks (another process's progress has no event to await). */
  private Future<Void> runningTasks(int count) {
    Promise<Void> running = Promise.promise();
    vertx.setPeriodic(20, id -> vertx.eventBus().<JsonObject>request(ADDRESS + ".stats", null).onSuccess(reply -> {
      long busy = reply.body().getJsonArray("workers").stream().map(JsonObject.class::cast)
        .filter(worker -> worker.getBoolean("running")).count();
      if (busy >= count && running.tryComplete()) {
        vertx.cancelTimer(id);
      }
    }));
    return running.future();
  }
}
