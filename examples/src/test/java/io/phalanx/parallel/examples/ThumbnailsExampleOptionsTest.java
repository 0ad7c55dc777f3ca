package io.phalanx.parallel.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThumbnailsExampleOptionsTest {

  @Test
  void noArgumentsGiveTheFullRun() {
    Options options = Options.parse();
    assertThat(options.images()).isEqualTo(48);
    assertThat(options.width()).isEqualTo(1600);
    assertThat(options.height()).isEqualTo(1200);
    assertThat(options.boxWidth()).isEqualTo(800);
    assertThat(options.boxHeight()).isEqualTo(600);
    assertThat(options.workers()).isGreaterThanOrEqualTo(2);
    assertThat(options.out()).isNull();
  }

  @Test
  void quickIsSmallAndOtherOptionsApplyOnTop() {
    Options options = Options.parse("--images", "3", "--quick", "--size", "640x480", "--workers", "5",
      "--out", "pictures");
    assertThat(options).isEqualTo(new Options(3, 640, 480, 400, 300, 5, Path.of("pictures")));
  }

  @Test
  void dashboardTakesPortAndLingersOnlyWhenAsked() {
    assertThat(Options.parse().dashboard()).isEqualTo(-1);
    assertThat(Options.parse("--dashboard").dashboard()).isEqualTo(8089);
    assertThat(Options.parse("--dashboard", "--quick").dashboard()).isEqualTo(8089);
    Options chosen = Options.parse("--dashboard", "0");
    assertThat(chosen.dashboard()).isZero();
    assertThat(chosen.linger()).isZero();
    Options lingering = Options.parse("--dashboard", "9000", "--dashboard-linger");
    assertThat(lingering.dashboard()).isEqualTo(9000);
    assertThat(lingering.linger()).isEqualTo(10);
    assertThat(Options.parse("--dashboard-linger", "3").dashboard()).isEqualTo(8089);
    assertThat(Options.parse("--dashboard-linger", "3").linger()).isEqualTo(3);
    assertThatThrownBy(() -> Options.parse("--dashboard", "70000")).hasMessageContaining("--dashboard")
      .hasMessageContaining("70000");
  }

  @Test
  void wrongValuesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> Options.parse("--size", "800")).hasMessageContaining("--size").hasMessageContaining("800");
    assertThatThrownBy(() -> Options.parse("--workers", "0")).hasMessageContaining("--workers");
    assertThatThrownBy(() -> Options.parse("--images")).hasMessageContaining("--images").hasMessageContaining("value");
    assertThatThrownBy(() -> Options.parse("--colour")).hasMessageContaining("unknown option '--colour'");
  }

  @Test
  void thumbnailFitsBoxKeepsRatioNeverUpscales() {
    assertThat(ProcessImage.fit(1600, 1200, 800, 600)).containsExactly(800, 600);
    assertThat(ProcessImage.fit(1600, 1200, 300, 300)).containsExactly(300, 225);
    assertThat(ProcessImage.fit(1200, 1600, 300, 300)).containsExactly(225, 300);
    assertThat(ProcessImage.fit(200, 100, 800, 600)).containsExactly(200, 100);
  }
}
