package io.phalanx.parallel.impl;

/** Counts in messages read as English: "1 task", "2 tasks". */
public final class Counted {

  private Counted() {
  }

  /**
   * @param noun a noun whose plural takes an "s"
   */
  public static String of(long count, String noun) {
    return count + " " + (count == 1 ? noun : noun + "s");
  }
}
