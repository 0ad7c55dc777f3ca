package io.phalanx.parallel.examples.readme;

/** A stand-in: the result of {@link BuildReport}. */
public record Report(String title) {
}
