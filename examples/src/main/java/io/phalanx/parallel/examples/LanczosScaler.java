package io.phalanx.parallel.examples;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A high-quality resampler: a separable Lanczos-3 filter, the kind image tools use for thumbnails, written out in
 * plain Java.
 * <p>
 * Java2D's own bilinear or bicubic scaling samples only a few source pixels per output pixel, so a large reduction
 * aliases (moiré, jagged edges); widening the filter with the scale factor, as here, averages every source pixel
 * that falls under an output pixel. It is also honest CPU work: a 1600x1200 to 800x600 reduction weighs about a
 * dozen source pixels per output pixel in each direction, some 55 million multiply-adds, with no native code that
 * would hide the cost.
 */
final class LanczosScaler {

  private static final int LOBES = 3;

  private LanczosScaler() {
  }

  /**
   * @return {@code source} resampled to {@code width x height} as an opaque RGB image
   */
  static BufferedImage scale(BufferedImage source, int width, int height) {
    int sourceWidth = source.getWidth();
    int sourceHeight = source.getHeight();
    int[] pixels = source.getRGB(0, 0, sourceWidth, sourceHeight, null, 0, sourceWidth);
    Filter across = new Filter(sourceWidth, width);
    Filter down = new Filter(sourceHeight, height);

    // pass 1: each source row shrinks to the output width; three floats (r, g, b) per pixel
    float[] rows = new float[sourceHeight * width * 3];
    for (int y = 0; y < sourceHeight; y++) {
      int rowStart = y * sourceWidth;
      for (int x = 0; x < width; x++) {
        float r = 0;
        float g = 0;
        float b = 0;
        int first = across.first[x];
        float[] weights = across.weights[x];
        for (int k = 0; k < weights.length; k++) {
          int rgb = pixels[rowStart + first + k];
          float w = weights[k];
          r += w * ((rgb >> 16) & 0xff);
          g += w * ((rgb >> 8) & 0xff);
          b += w * (rgb & 0xff);
        }
        int at = (y * width + x) * 3;
        rows[at] = r;
        rows[at + 1] = g;
        rows[at + 2] = b;
      }
    }

    // pass 2: the columns shrink to the output height; whole rows are summed at once so memory is read in order
    int[] out = new int[width * height];
    float[] sum = new float[width * 3];
    for (int y = 0; y < height; y++) {
      Arrays.fill(sum, 0f);
      int first = down.first[y];
      float[] weights = down.weights[y];
      for (int k = 0; k < weights.length; k++) {
        float w = weights[k];
        int rowAt = (first + k) * width * 3;
        for (int i = 0; i < sum.length; i++) {
          sum[i] += w * rows[rowAt + i];
        }
      }
      for (int x = 0; x < width; x++) {
        out[y * width + x] = (clamp(sum[x * 3]) << 16) | (clamp(sum[x * 3 + 1]) << 8) | clamp(sum[x * 3 + 2]);
      }
    }
    BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    result.setRGB(0, 0, width, height, out, 0, width);
    return result;
  }

  private static int clamp(float value) {
    int rounded = Math.round(value);
    return rounded < 0 ? 0 : Math.min(rounded, 255);
  }

  /**
   * The taps of a one-dimensional resampling from {@code from} to {@code to} pixels: for each output pixel, the
   * first source pixel it reads and the normalized weights of the source pixels from there.
   */
  private static final class Filter {

    final int[] first;
    final float[][] weights;

    Filter(int from, int to) {
      double scale = (double) from / to;
      // shrinking widens the kernel so each output pixel covers every source pixel under it; growing keeps it at 3
      double stretch = Math.max(1.0, scale);
      double support = LOBES * stretch;
      first = new int[to];
      weights = new float[to][];
      for (int i = 0; i < to; i++) {
        double center = (i + 0.5) * scale;
        int left = Math.max(0, (int) Math.floor(center - support));
        int right = Math.min(from - 1, (int) Math.ceil(center + support));
        double[] raw = new double[right - left + 1];
        double total = 0;
        for (int j = left; j <= right; j++) {
          double w = lanczos((j + 0.5 - center) / stretch);
          raw[j - left] = w;
          total += w;
        }
        float[] normalized = new float[raw.length];
        for (int k = 0; k < raw.length; k++) {
          normalized[k] = (float) (raw[k] / total);
        }
        first[i] = left;
        weights[i] = normalized;
      }
    }

    private static double lanczos(double x) {
      if (x == 0) {
        return 1;
      }
      if (Math.abs(x) >= LOBES) {
        return 0;
      }
      // StrictMath: the same weights in every JVM, so both runs write byte-identical thumbnails
      double px = Math.PI * x;
      return LOBES * StrictMath.sin(px) * StrictMath.sin(px / LOBES) / (px * px);
    }
  }
}
