package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.Clock;
import java.util.function.BooleanSupplier;

/**
 * The resident-memory budget of a whole pool ({@code maxPoolMemory}). Once a {@link #SAMPLE_INTERVAL_MS period}
 * it reads every worker's resident set ({@link ResidentMemory}); while their sum is over the budget, it has the largest
 * idle worker replaced by a fresh process, or, when none is idle, the largest worker once the tasks written to it
 * have run: one at a time, since a fresh worker holds far less. The readings also feed the dispatcher, which gives a
 * task to the smaller of equally loaded workers, and {@code .stats}. Confined to the supervisor's context.
 */
final class MemoryBudget {

  /** How often the workers' resident memory is read. */
  static final long SAMPLE_INTERVAL_MS = 1_000;

  private final PoolSlots slots;
  private final BooleanSupplier serving;
  private final long budget;
  private final Clock clock;
  private final ResidentMemory memory;
  private long timer = -1;

  /**
   * @param serving whether the pool serves (has started and does not drain)
   */
  MemoryBudget(PoolSlots slots, BooleanSupplier serving, long budget, Clock clock, ResidentMemory memory) {
    this.slots = slots;
    this.serving = serving;
    this.budget = budget;
    this.clock = clock;
    this.memory = memory;
  }

  void start() {
    if (budget > 0) {
      timer = clock.setTimer(SAMPLE_INTERVAL_MS, v -> sample());
    }
  }

  void stop() {
    clock.cancelTimer(timer);
  }

  private void sample() {
    timer = -1;
    if (!serving.getAsBoolean()) {
      return;
    }
    for (WorkerHandle slot : slots.all()) {
      WorkerState state = slot.state();
      if (slot.pid() > 0 && (state.isLive() || state == WorkerState.DRAINING)) {
        long rss = memory.bytes(slot.pid());
        if (rss >= 0) {
          slot.rss(rss);
        }
      }
    }
    enforce();
    timer = clock.setTimer(SAMPLE_INTERVAL_MS, v -> sample());
  }

  /** Over the budget, the largest idle worker (else the largest) gets a fresh process. */
  private void enforce() {
    long total = 0;
    WorkerHandle largestIdle = null;
    WorkerHandle largest = null;
    for (WorkerHandle slot : slots.all()) {
      if (slot.rss() <= 0) {
        continue;
      }
      total += slot.rss();
      if (slot.isRecycleDue()) {
        // one at a time: the fresh process will hold far less
        return;
      }
      if (slot.isRetiring() || !slot.state().isLive()) {
        continue;
      }
      if (largest == null || slot.rss() > largest.rss()) {
        largest = slot;
      }
      if (slot.state() == WorkerState.IDLE && slot.load() == 0
        && (largestIdle == null || slot.rss() > largestIdle.rss())) {
        largestIdle = slot;
      }
    }
    WorkerHandle chosen = largestIdle != null ? largestIdle : largest;
    if (total <= budget || chosen == null) {
      return;
    }
    chosen.recycle("recycled for the pool's memory budget: its workers hold " + total + " bytes resident, over "
      + budget + " (ParallelConfig.setMaxPoolMemory), and " + chosen.id() + " held the most"
      + (chosen == largestIdle ? " of the idle workers" : " (none was idle)") + ", " + chosen.rss() + " bytes");
  }
}
