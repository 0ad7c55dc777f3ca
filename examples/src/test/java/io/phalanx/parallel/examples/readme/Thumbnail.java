package io.phalanx.parallel.examples.readme;

/** A stand-in: the result of a thumbnail task in the README. */
public record Thumbnail(String path, int width, int height) {
}
