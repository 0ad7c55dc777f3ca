package io.phalanx.parallel.impl.channel;

import io.phalanx.parallel.impl.Clock;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every process of a worker slot that has not been seen to end, replaced ones still winding down included, and every
 * spawn still under way. A stop completes only when all have ended (each with every process of its group), so that
 * no child outlives its supervisor, nor the Vert.x instance whose event loop its streams report to: a spawn that
 * arrives after Vert.x has closed would never be killed.
 */
public final class UnexitedProcesses {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.worker");

  private final Map<WorkerProcess, Future<Void>> running = new LinkedHashMap<>();
  /** Processes seen to exit whose group is still being ended: waited for, never signalled again. */
  private final Set<WorkerProcess> exited = new HashSet<>();
  /** Spawns under way; each completes once its process, if any, has been {@link #started} (and killed if stale). */
  private final Set<Future<Void>> spawning = new HashSet<>();

  /**
   * A spawn is under way.
   *
   * @param handled completes once whatever the spawn gave has been handled (a process passed to {@link #started})
   */
  public void spawning(Future<Void> handled) {
    if (!handled.isComplete()) {
      spawning.add(handled);
      handled.onComplete(done -> spawning.remove(handled));
    }
  }

  /** A process to wait for: it counts until {@link WorkerProcess#ended()}. */
  public void started(WorkerProcess process) {
    Future<Void> ended = process.ended();
    running.put(process, ended);
    ended.onComplete(done -> {
      running.remove(process);
      exited.remove(process);
    });
  }

  /** A process nobody waits for any more (its spawn arrived late): it goes at once, a stop still awaits its end. */
  public void discard(WorkerProcess stale) {
    started(stale);
    stale.handlers((stream, line) -> { }, v -> { }, status -> exited(stale));
    stale.kill(true);
  }

  /** The process has exited: a stop waits for the rest of its group, but sends it no signal. */
  public void exited(WorkerProcess process) {
    if (running.containsKey(process)) {
      exited.add(process);
    }
  }

  /**
   * Waits for the spawns under way, then kills every process not yet seen to end and waits for their ends; stops
   * waiting for a process whose end is not reported within {@code graceMillis}.
   *
   * @param owner names the worker in the log
   */
  public Future<Void> killAndAwait(Clock clock, long graceMillis, String owner) {
    if (!spawning.isEmpty()) {
      return Future.join(new ArrayList<>(spawning)).transform(arrived -> killAndAwait(clock, graceMillis, owner));
    }
    if (running.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Future<Void>> all = new ArrayList<>();
    for (Map.Entry<WorkerProcess, Future<Void>> entry : new ArrayList<>(running.entrySet())) {
      if (!exited.contains(entry.getKey())) {
        entry.getKey().kill(true);
      }
      Promise<Void> waited = Promise.promise();
      long timer = clock.setTimer(graceMillis, v -> {
        if (waited.tryComplete()) {
          LOG.log(System.Logger.Level.WARNING, owner + ": a killed process reported no end within "
            + graceMillis + " ms");
        }
      });
      entry.getValue().onComplete(done -> {
        clock.cancelTimer(timer);
        waited.tryComplete();
      });
      all.add(waited.future());
    }
    return Future.join(all).mapEmpty();
  }
}
