package io.phalanx.parallel;

import org.junit.jupiter.api.Test;

import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestartPolicyTest {

  private static final DoubleSupplier LOWEST = () -> 0.0;
  private static final DoubleSupplier HIGHEST = () -> Math.nextDown(1.0);

  @Test
  void theLowestJitterGivesHalfTheBase() {
    RestartPolicy policy = RestartPolicy.exponentialBackoff(100, 10_000, 2.0, LOWEST);

    assertThat(policy.delay(0)).isEqualTo(50);
    assertThat(policy.delay(1)).isEqualTo(100);
    assertThat(policy.delay(2)).isEqualTo(200);
  }

  @Test
  void theHighestJitterGivesTheBase() {
    RestartPolicy policy = RestartPolicy.exponentialBackoff(100, 10_000, 2.0, HIGHEST);

    assertThat(policy.delay(0)).isEqualTo(100);
    assertThat(policy.delay(1)).isEqualTo(200);
    assertThat(policy.delay(2)).isEqualTo(400);
    assertThat(policy.delay(3)).isEqualTo(800);
  }

  @Test
  void theBaseGrowsByTheMultiplierUpToTheMaximum() {
    RestartPolicy policy = RestartPolicy.exponentialBackoff(100, 1_000, 3.0, HIGHEST);

    assertThat(policy.delay(0)).isEqualTo(100);
    assertThat(policy.delay(1)).isEqualTo(300);
    assertThat(policy.delay(2)).isEqualTo(900);
    assertThat(policy.delay(3)).isEqualTo(1_000);
    assertThat(policy.delay(50)).isEqualTo(1_000);
    assertThat(policy.delay(Integer.MAX_VALUE)).as("no overflow").isEqualTo(1_000);
    assertThat(RestartPolicy.exponentialBackoff(100, 1_000, 3.0, LOWEST).delay(Integer.MAX_VALUE)).isEqualTo(500);
  }

  @Test
  void aMidJitterLandsInTheMiddle() {
    RestartPolicy policy = RestartPolicy.exponentialBackoff(1_000, 1_000, 1.0, () -> 0.5);

    assertThat(policy.delay(0)).isEqualTo(750);
    assertThat(policy.delay(7)).as("multiplier 1 keeps the base").isEqualTo(750);
  }

  @Test
  void aSourceOutsideZeroToOneIsClamped() {
    assertThat(RestartPolicy.exponentialBackoff(100, 100, 1.0, () -> -3.0).delay(0)).isEqualTo(50);
    assertThat(RestartPolicy.exponentialBackoff(100, 100, 1.0, () -> 7.0).delay(0)).isEqualTo(100);
  }

  @Test
  void aNegativeRestartCountIsTreatedAsTheFirst() {
    assertThat(RestartPolicy.exponentialBackoff(100, 10_000, 2.0, HIGHEST).delay(-5)).isEqualTo(100);
  }

  @Test
  void anInitialDelayOfZeroRestartsAtOnce() {
    RestartPolicy policy = RestartPolicy.exponentialBackoff(0, 0, 2.0);

    assertThat(policy.delay(0)).isZero();
    assertThat(policy.delay(10)).isZero();
  }

  @Test
  void defaultJitterStaysWithinHalfBaseAndBase() {
    RestartPolicy policy = RestartPolicy.exponentialBackoff(100, 5_000, 2.0);
    long[] bases = {100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000};
    boolean[] sawBelowBase = new boolean[bases.length];

    for (int sample = 0; sample < 2_000; sample++) {
      for (int n = 0; n < bases.length; n++) {
        long delay = policy.delay(n);
        assertThat(delay).isBetween(bases[n] / 2, bases[n]);
        if (delay < bases[n] * 9 / 10) {
          sawBelowBase[n] = true;
        }
      }
    }
    for (int n = 0; n < bases.length; n++) {
      assertThat(sawBelowBase[n]).as("jitter spreads restart %s", n).isTrue();
    }
  }

  @Test
  void constantDelayIgnoresTheCount() {
    RestartPolicy policy = RestartPolicy.constantDelay(250);

    assertThat(policy.delay(0)).isEqualTo(250);
    assertThat(policy.delay(100)).isEqualTo(250);
    assertThat(RestartPolicy.constantDelay(0).delay(3)).isZero();
  }

  @Test
  void constantDelayRefusesANegativeDelay() {
    assertThatThrownBy(() -> RestartPolicy.constantDelay(-1))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("-1");
  }

  @Test
  void exponentialBackoffValidatesItsArguments() {
    assertThatThrownBy(() -> RestartPolicy.exponentialBackoff(-5, 100, 2.0))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("initialDelay").hasMessageContaining("-5");
    assertThatThrownBy(() -> RestartPolicy.exponentialBackoff(200, 100, 2.0))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("maxDelay").hasMessageContaining("100").hasMessageContaining("200");
    assertThatThrownBy(() -> RestartPolicy.exponentialBackoff(100, 1_000, 0.5))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("multiplier").hasMessageContaining("0.5");
    assertThatThrownBy(() -> RestartPolicy.exponentialBackoff(100, 1_000, Double.NaN))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("NaN");
    assertThatThrownBy(() -> RestartPolicy.exponentialBackoff(100, 1_000, Double.POSITIVE_INFINITY))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("Infinity");
    assertThatThrownBy(() -> RestartPolicy.exponentialBackoff(100, 1_000, 2.0, null))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("random");
  }

  @Test
  void aMultiplierOfExactlyOneIsAllowed() {
    assertThat(RestartPolicy.exponentialBackoff(100, 100, 1.0, HIGHEST).delay(3)).isEqualTo(100);
  }
}
