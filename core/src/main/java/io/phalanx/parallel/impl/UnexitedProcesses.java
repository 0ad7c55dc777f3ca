package io.phalanx.parallel.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every process of a worker slot that has not been seen to exit, replaced ones still winding down included, and every
 * spawn still under way. A stop completes only when all have exited, so that no child outlives its supervisor, nor the
 * Vert.x instance whose event loop its streams report to: a spawn that arrives after Vert.x has closed would never be
 * killed.
 */
final class UnexitedProcesses {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.worker");

  private final Map<WorkerProcess, Promise<Void>> exits = new LinkedHashMap<>();
  /** Spawns under way; each completes once its process, if any, has been {@link #started} (and killed if stale). */
  private final Set<Future<Void>> spawning = new HashSet<>();

  /**
   * A spawn is under way.
   *
   * @param handled completes once whatever the spawn gave has been handled (a process passed to {@link #started})
   */
  void spawning(Future<Void> handled) {
    if (!handled.isComplete()) {
      spawning.add(handled);
      handled.onComplete(done -> spawning.remove(handled));
    }
  }

  void started(WorkerProcess process) {
    exits.put(process, Promise.promise());
  }

  void exited(WorkerProcess process) {
    Promise<Void> exit = exits.remove(process);
    if (exit != null) {
      exit.tryComplete();
    }
  }

  /**
   * Waits for the spawns under way, then kills every process not yet seen to exit and waits for their exits; stops
   * waiting for a process whose exit is not reported within {@code graceMillis}.
   *
   * @param owner names the worker in the log
   */
  Future<Void> killAndAwait(Clock clock, long graceMillis, String owner) {
    if (!spawning.isEmpty()) {
      return Future.join(new ArrayList<>(spawning)).transform(arrived -> killAndAwait(clock, graceMillis, owner));
    }
    if (exits.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> all = new ArrayList<>();
    for (Map.Entry<WorkerProcess, Promise<Void>> entry : new ArrayList<>(exits.entrySet())) {
      entry.getKey().kill(true);
      Promise<Void> exit = entry.getValue();
      long timer = clock.setTimer(graceMillis, v -> {
        if (exit.tryComplete()) {
          LOG.log(System.Logger.Level.WARNING, owner + ": a killed process reported no exit within "
            + graceMillis + " ms");
        }
      });
      all.add(exit.future().onComplete(done -> clock.cancelTimer(timer)));
    }
    return Future.join(all).mapEmpty();
  }
}
