package io.phalanx.parallel.examples;

import java.io.PrintStream;

/**
 * Counts finished items and prints a progress bar each time another tenth of the batch is done (or every item, for a batch
 * of fewer than ten). On a terminal ({@link Terminal#styled}) the bar is one line redrawn in place; elsewhere each
 * update is a line of its own, with no escape codes. It is only touched from one Vert.x context, so it needs no locks.
 */
final class Progress {

  private static final int BAR_WIDTH = 30;
  /** Back to the start of the line, and clear it: ANSI "erase in line". */
  static final String REDRAW = "\r\u001b[2K";

  private final PrintStream out;
  private final String label;
  private final int total;
  private final boolean inPlace;
  private final long startNanos = System.nanoTime();
  private int done;
  private int nextTenth = 1;

  /**
   * @param inPlace redraw one line with ANSI escape codes, for a terminal
   */
  Progress(PrintStream out, String label, int total, boolean inPlace) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.inPlace = inPlace;
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
    String line = String.format("  %-11s [%s] %3d%%  %3d/%d images  %6.1f s", label, bar, done * 100 / total, done,
      total, seconds);
    if (!inPlace) {
      out.println(line);
    } else {
      out.print(REDRAW + line + (done == total ? System.lineSeparator() : ""));
      out.flush();
    }
  }

  int done() {
    return done;
  }
}
