package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.impl.Clock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * How many workers a pool has, and how an elastic pool ({@code minAgents < maxAgents}) grows and shrinks:
 * <ul>
 *   <li>it grows by one worker when every serving worker holds a waiting task (or a task found no room), one start
 *   at a time, up to {@code maxAgents}; once ready, the new worker takes over part of the waiting tasks;</li>
 *   <li>a worker idle (nothing running, nothing waiting) for {@code idleTimeout} retires, down to {@code minAgents};
 *   </li>
 *   <li>{@link #resize} sets the size within those bounds.</li>
 * </ul>
 * A retiring worker takes no new task: its waiting tasks move to workers with room, it runs what it still holds
 * (the tasks no one had room for and those already written to its process), then exits, and its slot leaves the
 * pool; no task fails because of it. A pool that must grow while a retiring worker still runs takes that worker back
 * instead of starting a JVM. Slots (and {@code <address>.worker.<n>}) keep indexes below {@code maxAgents}.
 * Confined to the supervisor's context.
 */
final class PoolSize {

  /** The longest pause between two looks for idle workers. */
  static final long MAX_IDLE_CHECK_MS = 1_000;

  /** A serving worker seen idle: its answered tasks then, and since when it is idle at the latest. */
  private record Idle(long answered, long since) {
  }

  private final String address;
  private final PoolSlots slots;
  private final Dispatcher dispatcher;
  private final PoolEvents events;
  private final BooleanSupplier serving;
  private final Clock clock;
  private final int min;
  private final int max;
  private final long idleTimeout;
  private int target;
  private long idleTimer = -1;
  private final Map<WorkerHandle, Idle> idle = new HashMap<>();
  /** The retiring slots, each with what completes once it has left the pool. */
  private final Map<WorkerHandle, Promise<Void>> retiring = new HashMap<>();
  /** Retiring slots told to stop: they can no longer be taken back. */
  private final Set<WorkerHandle> stopping = new HashSet<>();
  /** Slots added and not yet ready: once ready, each takes over part of the waiting tasks. */
  private final Set<WorkerHandle> added = new HashSet<>();

  /**
   * @param dispatcher where the waiting tasks of a retiring worker go
   * @param serving    whether the pool has started and does not drain
   */
  PoolSize(ParallelConfig config, PoolSlots slots, Dispatcher dispatcher, PoolEvents events, BooleanSupplier serving,
           Clock clock) {
    validate(config);
    this.address = config.getAddress();
    this.slots = slots;
    this.dispatcher = dispatcher;
    this.events = events;
    this.serving = serving;
    this.clock = clock;
    this.min = minOf(config);
    this.max = maxOf(config);
    this.idleTimeout = config.getIdleTimeout();
    this.target = initialOf(config);
  }

  /** @return the largest size: {@code maxAgents}, else {@code agents} (or {@code minAgents} if that is larger) */
  static int maxOf(ParallelConfig config) {
    return config.getMaxAgents() > 0 ? config.getMaxAgents() : Math.max(config.getAgents(), config.getMinAgents());
  }

  /** @return the smallest size: {@code minAgents}, else {@code agents} (or {@code maxAgents} if that is smaller) */
  static int minOf(ParallelConfig config) {
    return config.getMinAgents() > 0 ? config.getMinAgents() : Math.min(config.getAgents(), maxOf(config));
  }

  /** @return the size the pool starts with: {@code agents}, brought within the bounds */
  static int initialOf(ParallelConfig config) {
    return Math.max(minOf(config), Math.min(maxOf(config), config.getAgents()));
  }

  /**
   * @throws IllegalArgumentException when the bounds (or other settings) contradict each other: the rules are all in
   *                                  {@link ParallelConfig#validate()}, which the supervisor calls too
   */
  static void validate(ParallelConfig config) {
    config.validate();
  }

  int target() {
    return target;
  }

  int min() {
    return min;
  }

  int max() {
    return max;
  }

  boolean isElastic() {
    return min < max;
  }

  /** The pool has started: idle workers are looked for from now on. */
  void started() {
    if (isElastic() && idleTimeout > 0) {
      idleTimer = clock.setTimer(checkInterval(), v -> checkIdle());
    }
  }

  /** The pool drains: nothing changes its size any more, and resizes still waiting fail. */
  void stop() {
    clock.cancelTimer(idleTimer);
    PoolUnavailableException draining = new PoolUnavailableException("pool '" + address
      + "' is draining: it changes its size no more");
    List<Promise<Void>> waiting = new ArrayList<>(retiring.values());
    retiring.clear();
    waiting.forEach(promise -> promise.tryFail(draining));
  }

  private long checkInterval() {
    return Math.max(10, Math.min(MAX_IDLE_CHECK_MS, idleTimeout / 4));
  }

  // ------------------------------------------------------------------------------------------------ growth

  /**
   * A task was accepted, or found no room ({@code refused}): the pool grows by one worker when every serving worker
   * holds work, none is starting, and it is below its largest size.
   */
  void loaded(boolean refused) {
    if (!isElastic() || target >= max || !serving.getAsBoolean() || slots.serving() < target) {
      return;
    }
    for (WorkerHandle slot : slots.all()) {
      if (slot.isRetiring()) {
        continue;
      }
      if (slot.state() == WorkerState.STARTING && !slot.isAccepting()) {
        // one start at a time: a JVM start takes a few hundred ms of CPU from the workers that run tasks
        return;
      }
      if (!refused && slot.isAccepting() && slot.queued() == 0) {
        return;
      }
    }
    target++;
    reconcile("load");
  }

  // ------------------------------------------------------------------------------------------------ resize

  /**
   * Sets the size.
   *
   * @return the size, once the new workers have sent {@code ready} and the retired ones have exited; an
   * {@link IllegalArgumentException} for a size out of [{@code minAgents}, {@code maxAgents}]
   */
  Future<Integer> resize(int agents) {
    if (!serving.getAsBoolean()) {
      return Future.failedFuture(new PoolUnavailableException("pool '" + address + "' is draining or has "
        + "not started: it cannot be resized"));
    }
    if (agents < min || agents > max) {
      return Future.failedFuture(new IllegalArgumentException("agents must be between " + min + " and " + max
        + " (minAgents and maxAgents of pool '" + address + "'), was " + agents));
    }
    target = agents;
    List<Future<Void>> changes = reconcile("resize");
    return Future.join(changes).transform(ar -> {
      for (Future<Void> change : changes) {
        if (change.failed()) {
          return Future.failedFuture(change.cause());
        }
      }
      return Future.succeededFuture(target);
    });
  }

  /** Adds or retires workers until as many serve as the target says (as far as the largest size leaves room). */
  private List<Future<Void>> reconcile(String reason) {
    List<Future<Void>> changes = new ArrayList<>();
    int serving = slots.serving();
    for (WorkerHandle slot : slots.all()) {
      if (serving >= target) {
        break;
      }
      if (slot.isRetiring() && !stopping.contains(slot)) {
        // still running what it held: it serves again, no JVM to start
        slot.retiring(false);
        retiring.remove(slot).tryComplete();
        serving++;
        publish("added", slot, new JsonObject().put("reason", reason).put("agents", target));
      }
    }
    while (serving < target && slots.size() < max) {
      WorkerHandle slot = slots.add();
      added.add(slot);
      serving++;
      publish("added", slot, new JsonObject().put("reason", reason).put("agents", target));
      // a start cut short by a later shrink is no failure of this change
      changes.add(slot.start().recover(e -> slot.isRetiring() || !slots.all().contains(slot)
        ? Future.succeededFuture() : Future.failedFuture(e)));
    }
    if (serving > target) {
      for (WorkerHandle victim : victims(serving - target)) {
        changes.add(retire(victim, reason));
      }
    }
    return changes;
  }

  /** Which serving workers go first: those down, then those starting, then idle ones, then the least loaded. */
  private List<WorkerHandle> victims(int count) {
    List<WorkerHandle> serving = new ArrayList<>();
    for (WorkerHandle slot : slots.all()) {
      if (!slot.isRetiring()) {
        serving.add(slot);
      }
    }
    serving.sort(Comparator.comparingInt(PoolSize::retireRank).thenComparingInt(WorkerHandle::load)
      .thenComparing(Comparator.comparingInt(WorkerHandle::index).reversed()));
    return serving.subList(0, Math.min(count, serving.size()));
  }

  private static int retireRank(WorkerHandle slot) {
    WorkerState state = slot.state();
    if (state == WorkerState.CRASHED || state == WorkerState.STOPPED) {
      return 0;
    }
    if (state == WorkerState.STARTING && !slot.isAccepting()) {
      return 1;
    }
    return slot.load() == 0 ? 2 : 3;
  }

  /**
   * A worker process sent {@code ready}. An added worker takes over the newest waiting tasks of the longest
   * mailboxes, until it waits for about as many as they do: the backlog that made the pool grow spreads at once
   * instead of waiting in the mailboxes it was in.
   */
  void ready(WorkerHandle slot) {
    if (!added.remove(slot) || slot.isRetiring()) {
      return;
    }
    int serving = 0;
    int waiting = 0;
    List<WorkerHandle> donors = new ArrayList<>();
    for (WorkerHandle other : slots.all()) {
      if (!other.isRetiring()) {
        serving++;
        waiting += other.queued();
        if (other != slot && other.queued() > 0) {
          donors.add(other);
        }
      }
    }
    int share = waiting / Math.max(1, serving);
    donors.sort(Comparator.comparingInt(WorkerHandle::queued).reversed());
    for (WorkerHandle donor : donors) {
      List<PendingTask> queued = donor.takeQueued();
      int give = Math.max(0, Math.min(queued.size() - share, share - slot.queued()));
      for (int i = 0; i < queued.size(); i++) {
        PendingTask task = queued.get(i);
        if (i < queued.size() - give || !slot.enqueue(task)) {
          donor.keep(task);
        }
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ shrinking

  private Future<Void> retire(WorkerHandle slot, String reason) {
    slot.retiring(true);
    if (slot.restartTimer() >= 0) {
      clock.cancelTimer(slot.restartTimer());
      slot.restartTimer(-1);
    }
    idle.remove(slot);
    Promise<Void> left = Promise.promise();
    retiring.put(slot, left);
    publish("retiring", slot, new JsonObject().put("reason", reason).put("agents", target));
    if (slot.state() == WorkerState.CRASHED || slot.state() == WorkerState.STOPPED) {
      finish(slot);
      return left.future();
    }
    for (PendingTask task : slot.takeQueued()) {
      int other = dispatcher.select(slots.all());
      if (other < 0 || !slots.all().get(other).enqueue(task)) {
        slot.keep(task);
      }
    }
    List<Future<Void>> gone = new ArrayList<>();
    for (PendingTask task : slot.held()) {
      gone.add(task.gone());
    }
    // not from inside the answer of its last task: the slot finishes handling that answer first
    Future.join(gone).onComplete(ar -> clock.setTimer(0, v -> {
      if (retiring.get(slot) == left) {
        finish(slot);
      }
    }));
    return left.future();
  }

  /**
   * A retiring worker crashed: it leaves the pool instead of restarting.
   *
   * @return whether the worker was retiring
   */
  boolean crashedWhileRetiring(WorkerHandle slot) {
    if (!slot.isRetiring()) {
      return false;
    }
    finish(slot);
    return true;
  }

  /** The retiring worker holds no task: it exits, and its slot leaves once its processes are gone. */
  private void finish(WorkerHandle slot) {
    if (!stopping.add(slot)) {
      return;
    }
    slot.stop().onComplete(ar -> {
      slots.remove(slot);
      stopping.remove(slot);
      publish("removed", slot, new JsonObject().put("agents", target));
      Promise<Void> left = retiring.remove(slot);
      if (left != null) {
        left.tryComplete();
      }
      if (serving.getAsBoolean()) {
        // a growth may have waited for this slot's room
        reconcile("load");
      }
    });
  }

  private void publish(String type, WorkerHandle slot, JsonObject fields) {
    events.publish(PoolEvents.event(type, address, slot.id()).mergeIn(fields));
  }

  /** Retires the workers idle for the idle timeout, the highest index first, down to the smallest size. */
  private void checkIdle() {
    idleTimer = -1;
    if (!serving.getAsBoolean()) {
      return;
    }
    long now = clock.millis();
    List<WorkerHandle> due = new ArrayList<>();
    for (WorkerHandle slot : slots.all()) {
      if (slot.isRetiring() || slot.state() != WorkerState.IDLE || slot.load() > 0) {
        idle.remove(slot);
        continue;
      }
      Idle seen = idle.get(slot);
      if (seen == null || seen.answered() != slot.tasksDone()) {
        idle.put(slot, new Idle(slot.tasksDone(), now));
      } else if (now - seen.since() >= idleTimeout) {
        due.add(0, slot);
      }
    }
    for (WorkerHandle slot : due) {
      if (slots.serving() <= min) {
        break;
      }
      target = slots.serving() - 1;
      retire(slot, "idle");
    }
    idleTimer = clock.setTimer(checkInterval(), v -> checkIdle());
  }
}
