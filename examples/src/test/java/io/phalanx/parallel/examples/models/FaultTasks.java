package io.phalanx.parallel.examples.models;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buggy tasks, one per kind of fault, run the same way in a worker of the pool and through {@code executeBlocking}.
 */
final class FaultTasks {

  /** What {@link Leak} keeps, in whichever JVM ran it: nothing ever frees it. */
  static final List<byte[]> LEAKED = new ArrayList<>();
  /** {@link Spin}'s loops, in whichever JVM runs it. */
  static final AtomicLong SPINS = new AtomicLong();
  /** Set only in the test's JVM, so that a spin there can end; a worker's copy stays false. */
  static volatile boolean released;

  private FaultTasks() {
  }

  /** Allocates until the heap is exhausted. */
  public record AllocateForever() implements Task<Integer> {
    @Override
    public Integer run(TaskScope scope) {
      List<long[]> held = new ArrayList<>();
      while (true) {
        held.add(new long[128 * 1024]);
      }
    }
  }

  /** Keeps {@code mebibytes} for good, as a cache without a bound would; answers how many it keeps in all. */
  public record Leak(int mebibytes) implements Task<Integer> {
    @Override
    public Integer run(TaskScope scope) {
      synchronized (LEAKED) {
        LEAKED.add(new byte[mebibytes * 1024 * 1024]);
        return LEAKED.size();
      }
    }
  }

  /** Loops without looking at interrupts or cancellation, until {@link #released} (never, in a worker). */
  public record Spin() implements Task<Long> {
    @Override
    public Long run(TaskScope scope) {
      while (!released) {
        SPINS.incrementAndGet();
      }
      return SPINS.get();
    }
  }

  /** Ends its JVM, as a library that "handles" a fatal error by exiting does. */
  public record Exit(int status) implements Task<Integer> {
    @Override
    public Integer run(TaskScope scope) {
      System.exit(status);
      return status;
    }
  }

  /** A task that works: the application's next request. */
  public record Square(int n) implements Task<Integer> {
    @Override
    public Integer run(TaskScope scope) {
      return n * n;
    }
  }
}
