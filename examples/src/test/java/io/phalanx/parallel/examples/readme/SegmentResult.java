package io.phalanx.parallel.examples.readme;

/** A stand-in for the database example's data object, which docs/services.md shows only by its use. */
public record SegmentResult(int segment, long from, long to, long primes, String worker, long millis) {
}
