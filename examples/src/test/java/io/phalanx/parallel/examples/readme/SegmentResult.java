package io.phalanx.parallel.examples.readme;

/** A stand-in for the database example's data object, which the README shows only by its use. */
public record SegmentResult(int segment, long from, long to, long primes, String worker, long millis) {
}
