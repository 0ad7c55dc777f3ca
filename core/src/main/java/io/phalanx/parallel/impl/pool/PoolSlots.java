package io.phalanx.parallel.impl.pool;

import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The worker slots of a pool, in index order: those serving, and those an elastic pool retires until they have
 * exited. A new slot takes the lowest index no slot holds, so indexes stay below the pool's largest size and
 * {@code <address>.worker.<n>} names the same slot for as long as it lives. Confined to the supervisor's context.
 */
final class PoolSlots {

  private final List<WorkerHandle> slots = new ArrayList<>();
  private final List<WorkerHandle> view = Collections.unmodifiableList(slots);
  private final IntFunction<WorkerHandle> factory;

  /**
   * @param factory makes the slot of an index
   */
  PoolSlots(IntFunction<WorkerHandle> factory) {
    this.factory = factory;
  }

  /** Every slot, retiring ones included, by index; a live view. */
  List<WorkerHandle> all() {
    return view;
  }

  int size() {
    return slots.size();
  }

  /** The slots that are not retiring. */
  int serving() {
    int serving = 0;
    for (WorkerHandle slot : slots) {
      if (!slot.isRetiring()) {
        serving++;
      }
    }
    return serving;
  }

  /** @return the slot of {@code index}, or {@code null} when none holds it */
  WorkerHandle byIndex(int index) {
    for (WorkerHandle slot : slots) {
      if (slot.index() == index) {
        return slot;
      }
    }
    return null;
  }

  /** Makes a slot at the lowest free index and adds it. */
  WorkerHandle add() {
    int index = 0;
    int at = 0;
    while (at < slots.size() && slots.get(at).index() == index) {
      index++;
      at++;
    }
    WorkerHandle slot = factory.apply(index);
    slots.add(at, slot);
    return slot;
  }

  void remove(WorkerHandle slot) {
    slots.remove(slot);
  }

  JsonArray stats() {
    JsonArray list = new JsonArray();
    for (WorkerHandle slot : slots) {
      list.add(slot.stats());
    }
    return list;
  }

  /** "worker-0 IDLE, worker-1 CRASHED after: ...", for the message of a request no worker can take. */
  String describeStates() {
    StringBuilder sb = new StringBuilder();
    for (WorkerHandle slot : slots) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(slot.id()).append(' ').append(slot.isRetiring() ? "RETIRING" : slot.state());
      if (slot.lastCrashReason() != null) {
        sb.append(" after: ").append(slot.lastCrashReason());
      }
    }
    return sb.toString();
  }
}
