package io.phalanx.parallel.examples;

/**
 * What a worker reports for one image: it travels back to the parent as JSON, so it holds only plain values.
 *
 * @param source the source image
 * @param output the thumbnail written next to it
 * @param width  the thumbnail's width
 * @param height the thumbnail's height
 * @param sha256 the SHA-256 of the thumbnail file's bytes, in hex
 * @param millis how long the worker spent on the image: read, scale, encode and write
 * @param worker the id of the worker that made it, for example {@code worker-1}
 */
public record Thumbnail(String source, String output, int width, int height, String sha256, long millis,
                        String worker) {
}
