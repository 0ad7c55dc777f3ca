package io.phalanx.parallel.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InOrderTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aStepGivenWhileNoneIsOnItsWayRunsAtOnce() throws Exception {
    List<String> done = onContext(order -> {
      List<String> steps = new ArrayList<>();
      order.run(() -> {
        steps.add("first");
        return Future.succeededFuture();
      });
      steps.add("after run");
      order.whenDone(() -> steps.add("done"));
      return Future.succeededFuture(steps);
    });

    assertThat(done).containsExactly("first", "after run", "done");
  }

  @Test
  void stepsAfterOneThatTakesItsTimeWaitForItThenRunInOrder() throws Exception {
    List<String> done = onContext(order -> {
      List<String> steps = new ArrayList<>();
      Promise<Void> slow = Promise.promise();
      order.run(() -> slow.future().andThen(v -> steps.add("slow")));
      order.run(() -> {
        steps.add("second");
        return Future.succeededFuture();
      });
      Future<String> third = order.run(() -> Future.succeededFuture("third"));
      order.whenDone(() -> steps.add("all done"));
      assertThat(steps).isEmpty();
      assertThat(order.idle()).isFalse();
      // the slow step's work ends on a worker thread
      Context context = Vertx.currentContext();
      context.executeBlocking(() -> null, false).onComplete(v -> slow.complete());
      return third.map(value -> {
        steps.add(value);
        steps.add("idle " + order.idle());
        return steps;
      });
    });

    assertThat(done).containsExactly("slow", "second", "all done", "third", "idle true");
  }

  @Test
  void aStepThatThrowsFailsItsOwnOutcomeOnly() throws Exception {
    List<String> done = onContext(order -> {
      List<String> steps = new ArrayList<>();
      Future<Object> failed = order.run(() -> {
        throw new IllegalStateException("broken");
      });
      steps.add(failed.cause().getMessage());
      return order.run(() -> Future.succeededFuture("next")).map(next -> {
        steps.add(next);
        return steps;
      });
    });

    assertThat(done).containsExactly("broken", "next");
  }

  private <T> T onContext(java.util.function.Function<InOrder, Future<T>> test) throws Exception {
    CompletableFuture<T> outcome = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> test.apply(new InOrder()).onComplete(ar -> {
      if (ar.succeeded()) {
        outcome.complete(ar.result());
      } else {
        outcome.completeExceptionally(ar.cause());
      }
    }));
    return outcome.get(10, TimeUnit.SECONDS);
  }
}
