package io.phalanx.parallel.examples.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The floor under the default caller's round trip: a {@code runOnContext} from one event loop to another of the same
 * Vert.x and back, one at a time, with nothing done on either side. A caller whose context is not the pool's pays
 * these two hops on every task, on top of what {@code noop_rtt_one_loop_p50_us} measures.
 */
final class EventLoopHops {

  private EventLoopHops() {
  }

  /**
   * @param from a context of {@code vertx}; the other side is a context on another of its event loops
   * @return the nanoseconds of each of {@code count} hops there and back
   */
  static long[] measure(Vertx vertx, Context from, int count) throws Exception {
    Context to = EventLoops.otherThan(vertx, from, from);
    long[] nanos = new long[count];
    CompletableFuture<long[]> done = new CompletableFuture<>();
    from.runOnContext(v -> hop(from, to, 0, nanos, done));
    return done.get(60, TimeUnit.SECONDS);
  }

  private static void hop(Context from, Context to, int i, long[] nanos, CompletableFuture<long[]> done) {
    if (i == nanos.length) {
      done.complete(nanos);
      return;
    }
    long started = System.nanoTime();
    to.runOnContext(there -> from.runOnContext(back -> {
      nanos[i] = System.nanoTime() - started;
      hop(from, to, i + 1, nanos, done);
    }));
  }
}
