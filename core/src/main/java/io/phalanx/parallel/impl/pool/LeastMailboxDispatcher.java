package io.phalanx.parallel.impl.pool;

import java.util.List;

/**
 * The worker with the least load (queued plus running) among those that can accept. The scan starts just after the
 * worker chosen last, so ties rotate among equally loaded workers instead of always going to worker 0; under a pool
 * memory budget a tie goes to the worker with the smallest {@link DispatchTarget#footprint() resident memory}.
 */
final class LeastMailboxDispatcher implements Dispatcher {

  private int start;

  @Override
  public int select(List<? extends DispatchTarget> targets) {
    int n = targets.size();
    int best = -1;
    int bestLoad = Integer.MAX_VALUE;
    long bestFootprint = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      int candidate = (start + i) % n;
      DispatchTarget target = targets.get(candidate);
      if (target.canAccept()) {
        int load = target.load();
        if (load < bestLoad || (load == bestLoad && target.footprint() < bestFootprint)) {
          best = candidate;
          bestLoad = load;
          bestFootprint = target.footprint();
        }
      }
    }
    if (best >= 0) {
      start = (best + 1) % n;
    }
    return best;
  }
}
