package io.phalanx.parallel.examples;

import java.io.PrintStream;

/**
 * Counts finished items and prints a progress bar each time another tenth of the batch is done (or every item, for a batch
 * of fewer than ten). It is only touched from one Vert.x context, so it needs no locks.
 */
final class Progress {

  private static final int BAR_WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private final int total;
  private final long startNanos = System.nanoTime();
  private int done;
  private int nextTenth = 1;

  Progress(PrintStream out, String label, int total) {
    this.out = out;
    this.label = label;
    this.total = total;
  }

  void itemDone() {
    done++;
    if (done * 10L < (long) nextTenth * total) {
      return;
    }
    // a batch of fewer than ten items crosses several tenths at once; one line is enough
    while ((long) nextTenth * total <= done * 10L) {
      nextTenth++;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    int filled = done * BAR_WIDTH / total;
    String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
    out.printf("  %-11s [%s] %3d%%  %3d/%d images  %6.1f s%n", label, bar, done * 100 / total, done, total, seconds);
  }

  int done() {
    return done;
  }
}
