package io.phalanx.parallel.examples;

/**
 * Counted nouns for the examples' output: "1 worker", "2 workers".
 */
public final class Plural {

  private Plural() {
  }

  /**
   * @param singular a noun whose plural takes an "s"
   * @return the count and the noun, plural unless the count is 1
   */
  public static String of(long count, String singular) {
    return count + " " + singular + (count == 1 ? "" : "s");
  }
}
