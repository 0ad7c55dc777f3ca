package io.phalanx.parallel.examples.readme;

/** A stand-in for the database example's local service, which docs/services.md shows only by its use. */
public final class PrimeSieve {

  public long count(long from, long to) {
    return 0;
  }
}
