package io.phalanx.parallel.examples;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One pass over the batch on one pool.
 *
 * @param workers      the pool's size
 * @param startMillis  how long the pool took to start (every worker JVM up and ready); not part of {@code millis}
 * @param millis       from the first task sent to the last result in
 * @param thumbnails   the results, in the order of the source images
 */
public record PoolRun(int workers, long startMillis, long millis, List<Thumbnail> thumbnails) {

  public PoolRun {
    thumbnails = List.copyOf(thumbnails);
  }

  public double imagesPerSecond() {
    return thumbnails.size() * 1000.0 / Math.max(1, millis);
  }

  /**
   * @return how many images each worker made, by worker id
   */
  public Map<String, Integer> imagesPerWorker() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Thumbnail thumbnail : thumbnails) {
      counts.merge(thumbnail.worker(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * @return the sum of the time the workers spent on images, which is what one worker alone would need at least
   */
  public long workMillis() {
    return thumbnails.stream().mapToLong(Thumbnail::millis).sum();
  }
}
