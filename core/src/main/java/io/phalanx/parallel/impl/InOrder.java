package io.phalanx.parallel.impl;

import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Runs steps one after another, in the order they are given, where a step may take its time: a step whose work goes
 * to a worker thread (a large value read, built or sent aside) holds back the steps given after it until it is done.
 * A step given while none is on its way runs at once, on the caller's thread. Confined to one context: the steps are
 * given, and every step after the first runs, there.
 * <p>
 * What a step does after its work (hand a value over, send it) belongs inside the step, so that it happens before the
 * next step starts: listeners added to what {@link #run} returns may run after the next step.
 */
public final class InOrder {

  /** Completes once the last step given is done; {@code null} when none is on its way. */
  private Future<Void> onItsWay;

  /**
   * @param step does the step's work; returns what completes once the step is done
   * @return what the step returned, once it ran, or why it could not run (a step that throws fails it)
   */
  public <T> Future<T> run(Supplier<Future<T>> step) {
    Future<T> done;
    if (onItsWay == null) {
      try {
        done = step.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      if (done.isComplete()) {
        return done;
      }
    } else {
      done = onItsWay.transform(ignored -> step.get());
    }
    Future<Void> last = done.transform(ignored -> Future.<Void>succeededFuture());
    onItsWay = last;
    last.onComplete(ignored -> {
      if (onItsWay == last) {
        onItsWay = null;
      }
    });
    return done;
  }

  /** @return whether no step is on its way */
  public boolean idle() {
    return onItsWay == null;
  }

  /** Runs {@code action} once every step given so far is done: at once when none is on its way. */
  public void whenDone(Runnable action) {
    if (onItsWay == null) {
      action.run();
    } else {
      onItsWay.onComplete(ignored -> action.run());
    }
  }
}
