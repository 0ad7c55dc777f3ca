package io.phalanx.parallel.examples;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.task.TaskScope;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * Makes the thumbnail of one PNG inside a worker JVM: decode, scale into the box keeping the aspect ratio, encode,
 * write next to the source as {@code NAME.thumb.png}.
 * <p>
 * Only the path and the box travel to the worker; the pixels never cross the process boundary, so the frames stay
 * small and the parent's event loop only ever handles a few hundred bytes per image.
 *
 * @param path   the absolute path of the source PNG
 * @param width  the width of the box the thumbnail must fit in
 * @param height the height of that box
 */
public record ProcessImage(String path, int width, int height) implements Task<Thumbnail> {

  @Override
  public Thumbnail run(TaskScope scope) throws IOException {
    long start = System.nanoTime();
    Path source = Path.of(path);
    BufferedImage image = ImageIO.read(source.toFile());
    if (image == null) {
      throw new IOException("not an image ImageIO can read: " + source);
    }
    int[] size = fit(image.getWidth(), image.getHeight(), width, height);
    BufferedImage thumbnail = LanczosScaler.scale(image, size[0], size[1]);

    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(thumbnail, "png", png);
    byte[] bytes = png.toByteArray();
    Path output = thumbnailPath(source);
    // write beside and move, so nobody ever sees half a thumbnail under the final name
    Path partial = output.resolveSibling(output.getFileName() + ".part-" + scope.workerId());
    Files.write(partial, bytes);
    Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Thumbnail(path, output.toString(), size[0], size[1], sha256(bytes), millis, scope.workerId());
  }

  /**
   * @return where the thumbnail of {@code source} goes: {@code image-007.png} gives {@code image-007.thumb.png}
   */
  static Path thumbnailPath(Path source) {
    String name = source.getFileName().toString();
    String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    return source.resolveSibling(base + ".thumb.png");
  }

  /**
   * The largest size with the image's aspect ratio that fits the box; never larger than the image itself, since a
   * thumbnail that is upscaled only gets blurry.
   */
  static int[] fit(int imageWidth, int imageHeight, int boxWidth, int boxHeight) {
    double scale = Math.min(1.0, Math.min((double) boxWidth / imageWidth, (double) boxHeight / imageHeight));
    int w = Math.max(1, (int) Math.round(imageWidth * scale));
    int h = Math.max(1, (int) Math.round(imageHeight * scale));
    return new int[] {Math.min(w, boxWidth), Math.min(h, boxHeight)};
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
