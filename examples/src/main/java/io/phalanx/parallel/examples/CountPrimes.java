package io.phalanx.parallel.examples;

import io.phalanx.parallel.examples.db.ResultStore;
import io.phalanx.parallel.examples.db.SegmentResult;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * Counts the primes in {@code [from, to)} with the worker's local {@link PrimeSieve}, then stores the count through
 * the parent's {@link ResultStore}: the task calls the generated proxy and waits for the database's answer on its
 * own thread, while the worker's event loop carries the call to the parent and the reply back.
 * <p>
 * The result is the id of the stored row.
 */
public record CountPrimes(int segment, long from, long to) implements Task<Long> {

  @Override
  public Long run(TaskScope scope) {
    long started = System.nanoTime();
    long primes = scope.service(PrimeSieve.class).count(from, to);       // local: a plain call in this worker
    long millis = (System.nanoTime() - started) / 1_000_000;
    ResultStore store = scope.service(ResultStore.class);                // parent: the generated proxy
    return scope.await(store.save(new SegmentResult(segment, from, to, primes, scope.workerId(), millis)));
  }
}
