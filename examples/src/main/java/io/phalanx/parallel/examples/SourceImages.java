package io.phalanx.parallel.examples;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.Polygon;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Draws the input of the example, so it needs no photos: each image is a gradient sky with translucent shapes and
 * thin lines on it, all chosen by a random generator seeded with the image's number. The same number always gives
 * the same picture.
 * <p>
 * The fine lines and hard edges are on purpose: they are what a careless downscale turns into jagged stairs, so the
 * thumbnails show whether the scaling is any good.
 */
public final class SourceImages {

  private static final long SEED = 0x5eed_7ab1e5L;

  private SourceImages() {
  }

  /**
   * Writes {@code count} PNG images of {@code width x height} into {@code dir} as {@code image-000.png},
   * {@code image-001.png}, ..., drawing several at once on this JVM's cores.
   *
   * @return their absolute paths, in order
   */
  public static List<Path> generate(Path dir, int count, int width, int height) throws IOException {
    Files.createDirectories(dir);
    try {
      return IntStream.range(0, count).parallel()
        .mapToObj(i -> write(dir.resolve(String.format("image-%03d.png", i)).toAbsolutePath(), i, width, height))
        .collect(Collectors.toList());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Path write(Path file, int number, int width, int height) {
    try {
      if (!ImageIO.write(draw(number, width, height), "png", file.toFile())) {
        throw new IOException("this Java has no PNG writer");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static BufferedImage draw(int number, int width, int height) {
    Random random = new Random(SEED + number);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);

      g.setPaint(new LinearGradientPaint(0, 0, width * random.nextFloat(), height,
        new float[] {0f, 0.5f, 1f}, new Color[] {color(random, 255), color(random, 255), color(random, 255)}));
      g.fillRect(0, 0, width, height);

      int shapes = 25 + random.nextInt(25);
      for (int i = 0; i < shapes; i++) {
        Shape shape = shape(random, width, height);
        float cx = (float) shape.getBounds2D().getCenterX();
        float cy = (float) shape.getBounds2D().getCenterY();
        float radius = (float) Math.max(2, Math.max(shape.getBounds2D().getWidth(), shape.getBounds2D().getHeight()));
        g.setPaint(new RadialGradientPaint(cx, cy, radius, new float[] {0f, 1f},
          new Color[] {color(random, 220), color(random, 90)}));
        g.fill(shape);
      }

      g.setStroke(new BasicStroke(1.5f));
      int lines = 40 + random.nextInt(40);
      for (int i = 0; i < lines; i++) {
        g.setColor(color(random, 200));
        g.drawLine(random.nextInt(width), random.nextInt(height), random.nextInt(width), random.nextInt(height));
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static Shape shape(Random random, int width, int height) {
    int x = random.nextInt(width);
    int y = random.nextInt(height);
    int w = 1 + width / 20 + random.nextInt(Math.max(1, width / 4));
    int h = 1 + height / 20 + random.nextInt(Math.max(1, height / 4));
    switch (random.nextInt(3)) {
      case 0:
        return new Ellipse2D.Float(x - w / 2f, y - h / 2f, w, h);
      case 1:
        return new RoundRectangle2D.Float(x - w / 2f, y - h / 2f, w, h, w / 4f, h / 4f);
      default:
        Polygon polygon = new Polygon();
        int corners = 3 + random.nextInt(4);
        for (int i = 0; i < corners; i++) {
          double angle = 2 * Math.PI * i / corners + random.nextDouble() * 0.5;
          polygon.addPoint(x + (int) (Math.cos(angle) * w / 2), y + (int) (Math.sin(angle) * h / 2));
        }
        return polygon;
    }
  }

  private static Color color(Random random, int alpha) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), alpha);
  }
}
