package io.phalanx.parallel.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The turn to read the channel, held by one of the worker's two frame readers at a time ({@link WorkerRuntime}).
 * <p>
 * The holder keeps the turn while it runs the tasks it read, as long as they are quick: a stream of quick tasks is
 * read and run by one thread, and the other is never woken. Each wake-up of a sleeping thread is a system call and a
 * switch, and handing the turn over before every burst of tasks cost a third of the throughput of no-op tasks. The
 * channel must still be read while a task runs long (a cancel, a stack request) or waits for a parent service (its
 * response), so the turn goes to the other reader:
 * <ul>
 *   <li>when the task has run for {@link #HANDOVER_NANOS}: a keeper thread watches, looking on its own while quick
 *   tasks keep coming, and sleeping once they stop ({@link #LINGER_LOOKS}) or once it has handed a long task's turn
 *   over;</li>
 *   <li>at once when a running task calls a parent service ({@link #handOverFromRunningTask}).</li>
 * </ul>
 */
final class ReadTurn {

  /** How long a running task may keep the turn from the other reader. */
  static final long HANDOVER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** How many of those periods the keeper keeps looking after the last task it saw running, before it sleeps. */
  static final int LINGER_LOOKS = 100;

  private final long handoverNanos;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when the turn is free. */
  private final Condition free = lock.newCondition();
  /** Signalled when a task starts running while the keeper sleeps. */
  private final Condition watch = lock.newCondition();
  // guarded by lock
  private Thread holder;
  private boolean running;
  private long runningSince;
  private Thread keeper;
  private boolean keeperAsleep;

  ReadTurn() {
    this(HANDOVER_NANOS);
  }

  /** With another hand-over time, for tests. */
  ReadTurn(long handoverNanos) {
    this.handoverNanos = handoverNanos;
  }

  /** Waits until the turn is free, and takes it. */
  void acquire() {
    lock.lock();
    try {
      while (holder != null) {
        free.awaitUninterruptibly();
      }
      holder = Thread.currentThread();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /** Gives the turn up, when the calling thread holds it. */
  void release() {
    lock.lock();
    try {
      if (holder == Thread.currentThread()) {
        freeTurn();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The holder is about to run tasks: it keeps the turn meanwhile, unless it is handed over. */
  void running() {
    lock.lock();
    try {
      if (holder != Thread.currentThread()) {
        return;
      }
      running = true;
      runningSince = System.nanoTime();
      if (keeper == null) {
        keeper = new Thread(this::keep, "phalanx-turn-keeper");
        keeper.setDaemon(true);
        keeper.start();
      } else if (keeperAsleep) {
        watch.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The holder's tasks are done.
   *
   * @return whether the calling thread still holds the turn (it was not handed over while the tasks ran)
   */
  boolean runDone() {
    lock.lock();
    try {
      if (holder != Thread.currentThread()) {
        return false;
      }
      running = false;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Hands the turn to the other reader when its holder is running a task, from any thread. */
  void handOverFromRunningTask() {
    lock.lock();
    try {
      if (holder != null && running) {
        freeTurn();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether a thread holds the turn while it runs tasks, for tests. */
  boolean heldWhileRunning() {
    lock.lock();
    try {
      return holder != null && running;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the keeper sleeps until a task runs, for tests. */
  boolean keeperAsleep() {
    lock.lock();
    try {
      return keeperAsleep;
    } finally {
      lock.unlock();
    }
  }

  private void freeTurn() {
    holder = null;
    running = false;
    free.signal();
  }

  private void keep() {
    lock.lock();
    try {
      int idleLooks = 0;
      while (true) {
        if (holder != null && running) {
          idleLooks = 0;
          long due = runningSince + handoverNanos - System.nanoTime();
          if (due <= 0) {
            freeTurn();
            // a long task runs: nothing to watch until the next one starts, which wakes the keeper (once per long
            // task, instead of a look every period while it runs)
            idleLooks = LINGER_LOOKS;
          } else {
            watch.awaitNanos(due);
          }
        } else if (++idleLooks > LINGER_LOOKS) {
          keeperAsleep = true;
          watch.await();
          keeperAsleep = false;
          idleLooks = 0;
        } else {
          watch.awaitNanos(handoverNanos);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }
}
