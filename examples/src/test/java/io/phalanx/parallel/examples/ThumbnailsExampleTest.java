package io.phalanx.parallel.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Runs the example's quick mode in this JVM, against real worker JVMs, and checks what it wrote to disk.
 */
class ThumbnailsExampleTest extends ExampleTestBase {


  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void quickRunThumbnailsEveryImageOnOneAndMany(@TempDir Path dir) throws Exception {
    // a square box, so keeping the 4:3 aspect ratio shows: 800x600 must become 300x225, not 300x300
    Options options = Options.parse("--quick", "--workers", "2", "--box", "300x300", "--out", dir.toString());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    Report report = ThumbnailsExample.run(vertx, options, new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(report.sources()).hasSize(Options.QUICK_IMAGES);
    assertThat(report.single().workers()).isEqualTo(1);
    assertThat(report.pool().workers()).isEqualTo(2);
    for (PoolRun run : List.of(report.single(), report.pool())) {
      assertThat(run.thumbnails()).hasSize(Options.QUICK_IMAGES);
      assertThat(run.imagesPerWorker().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(Options.QUICK_IMAGES);
      assertThat(run.millis()).isPositive();
    }
    assertThat(report.single().imagesPerWorker()).containsOnlyKeys("worker-0");
    // least-mailbox dispatch with two tasks per worker in flight keeps both workers busy
    assertThat(report.pool().imagesPerWorker()).containsOnlyKeys("worker-0", "worker-1");

    for (int i = 0; i < report.sources().size(); i++) {
      Path source = report.sources().get(i);
      Thumbnail thumbnail = report.pool().thumbnails().get(i);
      assertThat(thumbnail.source()).isEqualTo(source.toString());
      assertThat(Path.of(thumbnail.output())).isEqualTo(ProcessImage.thumbnailPath(source)).isRegularFile();

      byte[] bytes = Files.readAllBytes(Path.of(thumbnail.output()));
      assertThat(ProcessImage.sha256(bytes)).isEqualTo(thumbnail.sha256())
        .isEqualTo(report.single().thumbnails().get(i).sha256());

      BufferedImage original = ImageIO.read(source.toFile());
      BufferedImage image = ImageIO.read(Path.of(thumbnail.output()).toFile());
      assertThat(original.getWidth()).isEqualTo(800);
      assertThat(original.getHeight()).isEqualTo(600);
      assertThat(image.getWidth()).isEqualTo(thumbnail.width()).isEqualTo(300);
      assertThat(image.getHeight()).isEqualTo(thumbnail.height()).isEqualTo(225);
      assertThat((double) image.getWidth() / image.getHeight())
        .isCloseTo((double) original.getWidth() / original.getHeight(), within(0.01));
    }
    assertThat(report.sameThumbnailsBothRuns()).isTrue();

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output)
      .containsPattern("\\[1 worker] +\\[#{30}] +100% +8/8 images")
      .containsPattern("\\[2 workers] +\\[#{30}] +100% +8/8 images")
      .containsPattern("speed-up +\\d+\\.\\d+x with 2 workers over 1 worker \\(\\d+ processors? here")
      .contains("byte-identical")
      // not a terminal: plain lines, no escape codes
      .doesNotContain("\u001b", "\r");
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void dashboardRunPrintsItsLivePageUrl(@TempDir Path dir) throws Exception {
    Options options = Options.parse("--quick", "--images", "2", "--workers", "2", "--dashboard", "0", "--out",
      dir.toString());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    ThumbnailsExample.run(vertx, options, new PrintStream(printed, true, StandardCharsets.UTF_8));

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output.lines().filter(line -> line.matches("  dashboard: http://127\\.0\\.0\\.1:\\d+/")))
      .hasSize(2);
    assertThat(output).doesNotContain("stays up");
  }
}
