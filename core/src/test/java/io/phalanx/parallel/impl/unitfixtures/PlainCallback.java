package io.phalanx.parallel.impl.unitfixtures;

/**
 * A single-method interface deliberately NOT annotated {@code @FunctionalInterface}: Jackson refuses a lambda of it
 * as an empty bean. (For annotated interfaces such as {@code Runnable}, Jackson counts the annotation as a "known
 * class annotation" and writes the lambda as {@code {}} instead of failing.)
 */
public interface PlainCallback {

  void call();
}
