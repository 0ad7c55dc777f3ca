package io.phalanx.parallel.examples.bench;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.SupervisorVerticle;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which event loop a caller runs on, made explicit. A caller on the supervisor's own event loop skips two hand-overs
 * per task that a caller on another pays (about 2.5 µs of this JVM's CPU per no-op task here), and Vert.x gives
 * contexts their event loops in turn: a benchmark that took whichever context it got would measure one case or the
 * other by chance.
 */
final class EventLoops {

  private EventLoops() {
  }

  /** A supervisor that tells the context it was deployed on. */
  static final class Supervisor extends SupervisorVerticle {
    Supervisor(ParallelConfig config) {
      super(config);
    }

    Context context() {
      return context;
    }
  }

  /**
   * @return {@code preferred} when its event loop is not {@code avoided}'s, otherwise a new context of {@code vertx}
   *     on another of its event loops
   * @throws IllegalStateException when {@code vertx} has a single event loop
   */
  static Context otherThan(Vertx vertx, Context avoided, Context preferred) {
    return !sameLoop(preferred, avoided) ? preferred : newContext(vertx, candidate -> !sameLoop(candidate, avoided),
      "this Vert.x has a single event loop: no other to run on");
  }

  /** @return how many event loops {@code vertx} has */
  static int count(Vertx vertx) {
    int loops = 0;
    for (EventExecutor ignored : ((VertxInternal) vertx).eventLoopGroup()) {
      loops++;
    }
    return loops;
  }

  /** @return a new context of {@code vertx} on an event loop that none of {@code avoided} runs on */
  static Context awayFrom(Vertx vertx, List<Context> avoided) {
    return newContext(vertx, candidate -> avoided.stream().noneMatch(context -> sameLoop(candidate, context)),
      "this Vert.x has no event loop apart from those of " + avoided.size() + " contexts");
  }

  /** @return a new context of {@code vertx} on the event loop of {@code context} */
  static Context on(Vertx vertx, Context context) {
    return newContext(vertx, candidate -> sameLoop(candidate, context),
      "no new context of this Vert.x came on the event loop of " + context);
  }

  /**
   * @return the first new event-loop context of {@code vertx} that {@code wanted} accepts: Vert.x gives each new
   *     context the next of its event loops, so a few tries go round them all
   */
  private static Context newContext(Vertx vertx, Predicate<Context> wanted, String noneFound) {
    for (int i = 0; i < 64; i++) {
      Context candidate = ((VertxInternal) vertx).createEventLoopContext();
      if (wanted.test(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(noneFound);
  }

  static boolean sameLoop(Context a, Context b) {
    return ((ContextInternal) a).nettyEventLoop() == ((ContextInternal) b).nettyEventLoop();
  }
}
