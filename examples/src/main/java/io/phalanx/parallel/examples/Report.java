package io.phalanx.parallel.examples;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link ThumbnailsExample#run}: the same batch on one worker and on a pool.
 *
 * @param dir     where the source images and thumbnails are
 * @param sources the source images, in order
 * @param single  the run on one worker
 * @param pool    the run on several workers
 */
public record Report(Path dir, List<Path> sources, PoolRun single, PoolRun pool) {

  public Report {
    sources = List.copyOf(sources);
  }

  /**
   * @return how many times faster the pool went through the batch than one worker
   */
  public double speedUp() {
    return (double) single.millis() / Math.max(1, pool.millis());
  }

  /**
   * @return whether both runs wrote the very same bytes for every image: the scaler is deterministic, so any
   *         difference is a bug, not noise
   */
  public boolean sameThumbnailsBothRuns() {
    List<Thumbnail> a = single.thumbnails();
    List<Thumbnail> b = pool.thumbnails();
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sha256().equals(b.get(i).sha256())) {
        return false;
      }
    }
    return true;
  }
}
