package io.phalanx.parallel.examples.readme;

/** A stand-in: a progress update of a README task. */
public record Percent(int value) {
}
