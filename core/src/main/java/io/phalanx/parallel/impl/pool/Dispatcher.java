package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.DispatchStrategy;

import java.util.List;

/**
 * Picks the worker that receives a task sent to the pool address. Called on the supervisor's context only.
 */
interface Dispatcher {

  /**
   * @return the index of the chosen target, or -1 when none can accept
   */
  int select(List<? extends DispatchTarget> targets);

  static Dispatcher of(DispatchStrategy strategy) {
    switch (strategy) {
      case ROUND_ROBIN:
        return new RoundRobinDispatcher();
      case LEAST_MAILBOX:
        return new LeastMailboxDispatcher();
      default:
        throw new IllegalArgumentException("unknown dispatch strategy " + strategy);
    }
  }
}
