package io.phalanx.parallel.impl.client;

import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.task.Task;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.streams.ReadStream;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Parallel.stream} with executions whose outcome is known before the stream listens for it: what a pool in the
 * same Vert.x gives when it answers while the caller's thread is descheduled between starting a task and listening.
 */
@ExtendWith(VertxExtension.class)
class TaskResultStreamTest {

  @Test
  void resultsThatSettleWhileTheyAreDispatchedAreEmittedAndTheStreamEnds(Vertx vertx) throws Exception {
    List<Integer> emitted = new CopyOnWriteArrayList<>();

    Future<Void> ended = run(vertx, task -> settled(Future.succeededFuture(((Add) task).a() + 20)), emitted);

    ended.await(10, TimeUnit.SECONDS);
    assertThat(emitted).containsExactly(21, 22, 23, 24, 25);
  }

  @Test
  void aFailureThatSettlesWhileItIsDispatchedEndsTheStreamWithIt(Vertx vertx) throws Exception {
    List<Integer> emitted = new CopyOnWriteArrayList<>();

    Future<Void> ended = run(vertx, task -> settled(((Add) task).a() == 4
      ? Future.failedFuture(new IllegalStateException("item 4")) : Future.succeededFuture(((Add) task).a() + 20)),
      emitted);

    assertThat(ended.transform(ar -> Future.succeededFuture(ar.cause())).await(10, TimeUnit.SECONDS))
      .hasMessage("item 4");
    // 23 had settled but was not read yet when item 4 failed: a failed stream emits nothing more
    assertThat(emitted).containsExactly(21, 22);
  }

  /** Streams five items, two at a time, on a context of its own; completes when the stream ends or fails. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Future<Void> run(Vertx vertx, Function<Task<?>, TaskExecution<?>> execute, List<Integer> emitted) {
    Context context = vertx.getOrCreateContext();
    Promise<Void> ended = Promise.promise();
    context.runOnContext(v -> {
      ReadStream<Integer> stream = new TaskResultStream<Integer, Integer>(context, (Function) execute,
        List.of(1, 2, 3, 4, 5), i -> new Add(i, 0), 2);
      stream.exceptionHandler(ended::tryFail).endHandler(end -> ended.tryComplete()).handler(emitted::add);
    });
    return ended.future();
  }

  private static <R> TaskExecution<R> settled(Future<R> outcome) {
    return new TaskExecution<>() {
      @Override
      public Future<R> result() {
        return outcome;
      }

      @Override
      public TaskExecution<R> progressHandler(Handler<Object> handler) {
        return this;
      }

      @Override
      public <P> TaskExecution<R> progressHandler(Class<P> type, Handler<P> handler) {
        return this;
      }

      @Override
      public Future<Boolean> cancel() {
        return Future.succeededFuture(false);
      }
    };
  }
}
