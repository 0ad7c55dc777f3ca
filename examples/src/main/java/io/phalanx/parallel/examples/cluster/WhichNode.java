package io.phalanx.parallel.examples.cluster;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

/**
 * Counts the primes in {@code [from, to)} (some CPU work) and says where it ran: the node (the system property
 * {@value ClusterDemo#NODE_PROPERTY} the node gives its workers), the worker and its pid.
 */
public record WhichNode(long from, long to) implements Task<WhichNode.Answer> {

  public record Answer(String node, String worker, long pid, long primes) {
  }

  @Override
  public Answer run(TaskScope scope) {
    long primes = 0;
    for (long n = Math.max(2, from); n < to; n++) {
      boolean prime = true;
      for (long d = 2; d * d <= n; d++) {
        if (n % d == 0) {
          prime = false;
          break;
        }
      }
      if (prime) {
        primes++;
      }
    }
    return new Answer(System.getProperty(ClusterDemo.NODE_PROPERTY, "?"), scope.workerId(),
      ProcessHandle.current().pid(), primes);
  }
}
