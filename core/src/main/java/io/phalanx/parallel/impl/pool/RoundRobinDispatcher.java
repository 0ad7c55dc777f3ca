package io.phalanx.parallel.impl.pool;

import java.util.List;

/**
 * Workers in turn, skipping those that cannot accept (full, starting, crashed, draining).
 */
final class RoundRobinDispatcher implements Dispatcher {

  private int next;

  @Override
  public int select(List<? extends DispatchTarget> targets) {
    int n = targets.size();
    for (int i = 0; i < n; i++) {
      int candidate = (next + i) % n;
      if (targets.get(candidate).canAccept()) {
        next = (candidate + 1) % n;
        return candidate;
      }
    }
    return -1;
  }
}
