package io.phalanx.parallel.testing;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Functional tests against real worker JVMs. Each test gets its own Vert.x; after the test it is closed (which
 * undeploys and drains every supervisor) and no worker process of this JVM may be left alive.
 */
@ExtendWith(VertxExtension.class)
public abstract class PoolTestBase {

  static {
    JarredClassPath.apply();
  }

  protected Vertx vertx;

  @BeforeEach
  void keepVertx(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void closeAndCheckNoWorkerSurvives() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
    WorkerProcesses.assertNoneAlive(Duration.ofSeconds(10));
  }

  protected String deploy(ParallelConfig config) {
    return await(vertx.deployVerticle(new SupervisorVerticle(config)));
  }

  /** Deploys a pool of {@code config}, awaits its start, and returns a client of the default address. */
  protected Parallel deployPool(ParallelConfig config) {
    deploy(config);
    return Parallel.create(vertx);
  }

  /**
   * Where the calling code runs, as an outbound interceptor sees a send: Vert.x copies a local message's
   * {@code JsonObject} (and encodes one for another node) on the thread that sends it.
   */
  protected static String sendingThread() {
    return io.vertx.core.Context.isOnEventLoopThread() ? " on an event loop" : " on a worker thread";
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no outcome within 60 s", e);
    }
  }

  /**
   * @return the failure of the future, failing the test if it succeeds
   */
  protected static Throwable failureOf(Future<?> future) {
    try {
      future.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no outcome within 60 s", e);
    } catch (Throwable t) {
      return future.cause() != null ? future.cause() : t;
    }
    throw new AssertionError("expected a failure, got " + future.result());
  }

  /** Collects the lifecycle events of the pool at {@code address}, from the moment the consumer is registered. */
  protected BlockingQueue<JsonObject> events(String address) {
    BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    Promise<Void> registered = Promise.promise();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address + ".events",
      message -> events.add(message.body()));
    consumer.completion().onComplete(registered);
    await(registered.future());
    return events;
  }

  /** The next event of {@code type}, skipping the others; fails after 30 s. */
  protected static JsonObject nextEvent(BlockingQueue<JsonObject> events, String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      JsonObject event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (event != null && type.equals(event.getString("type"))) {
        return event;
      }
    }
    throw new AssertionError("no '" + type + "' event within 30 s");
  }
}
