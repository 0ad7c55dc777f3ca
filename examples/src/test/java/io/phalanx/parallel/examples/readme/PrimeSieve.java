package io.phalanx.parallel.examples.readme;

/** A stand-in for the database example's local service, which the README shows only by its use. */
public final class PrimeSieve {

  public long count(long from, long to) {
    return 0;
  }
}
