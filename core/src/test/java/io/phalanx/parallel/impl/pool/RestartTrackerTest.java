package io.phalanx.parallel.impl.pool;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestartTrackerTest {

  private static final long WINDOW = 60_000;
  private static final long RESET_AFTER = 30_000;

  @Test
  void restartsAreAllowedUpToTheLimitWithinTheWindow() {
    RestartTracker tracker = new RestartTracker(2, WINDOW, RESET_AFTER);

    assertThat(tracker.mayRestart(0)).isTrue();
    tracker.restart(0);
    assertThat(tracker.mayRestart(10)).isTrue();
    tracker.restart(10);

    assertThat(tracker.mayRestart(20)).isFalse();
    assertThat(tracker.mayRestart(WINDOW - 1)).isFalse();
    assertThat(tracker.recentRestarts()).isEqualTo(2);
  }

  @Test
  void restartsOlderThanTheWindowArePruned() {
    RestartTracker tracker = new RestartTracker(2, WINDOW, RESET_AFTER);
    tracker.mayRestart(0);
    tracker.restart(0);
    tracker.mayRestart(10_000);
    tracker.restart(10_000);

    assertThat(tracker.mayRestart(WINDOW - 1)).isFalse();
    assertThat(tracker.mayRestart(WINDOW)).as("the restart at 0 has left the window").isTrue();
    assertThat(tracker.recentRestarts()).isEqualTo(1);
    tracker.restart(WINDOW);

    assertThat(tracker.mayRestart(WINDOW + 9_999)).isFalse();
    assertThat(tracker.mayRestart(WINDOW + 10_000)).isTrue();
    assertThat(tracker.recentRestarts()).isEqualTo(1);
  }

  @Test
  void aLimitOfZeroNeverRestarts() {
    RestartTracker tracker = new RestartTracker(0, WINDOW, RESET_AFTER);

    assertThat(tracker.mayRestart(0)).isFalse();
    assertThat(tracker.mayRestart(10 * WINDOW)).isFalse();
  }

  @Test
  void restartReturnsHowManyRestartsInARowCameBefore() {
    RestartTracker tracker = new RestartTracker(10, WINDOW, RESET_AFTER);

    assertThat(tracker.restart(0)).isZero();
    assertThat(tracker.restart(100)).isEqualTo(1);
    assertThat(tracker.restart(200)).isEqualTo(2);
  }

  @Test
  void theRunStartsOverAfterAHealthyPeriod() {
    RestartTracker tracker = new RestartTracker(10, WINDOW, RESET_AFTER);
    tracker.mayRestart(0);
    assertThat(tracker.restart(0)).isZero();
    tracker.up(100);
    tracker.mayRestart(200);
    assertThat(tracker.restart(200)).isEqualTo(1);

    tracker.up(300);
    assertThat(tracker.mayRestart(300 + RESET_AFTER - 1)).isTrue();
    assertThat(tracker.restart(300 + RESET_AFTER - 1)).as("not up long enough").isEqualTo(2);

    tracker.up(40_000);
    assertThat(tracker.mayRestart(40_000 + RESET_AFTER)).isTrue();
    assertThat(tracker.restart(40_000 + RESET_AFTER)).isZero();
  }

  @Test
  void aCrashWithoutAReadySinceTheLastOneDoesNotReset() {
    RestartTracker tracker = new RestartTracker(10, WINDOW, RESET_AFTER);
    tracker.up(0);
    tracker.mayRestart(100);
    tracker.restart(100);

    // the restarted process never sent ready: however long that took, it was not a healthy period
    tracker.mayRestart(100 + 5 * RESET_AFTER);

    assertThat(tracker.restart(100 + 5 * RESET_AFTER)).isEqualTo(1);
  }

  @Test
  void theHealthyResetDoesNotClearTheIntensityWindow() {
    RestartTracker tracker = new RestartTracker(2, WINDOW, 1_000);
    tracker.mayRestart(0);
    tracker.restart(0);
    tracker.up(10);
    tracker.mayRestart(5_000);
    tracker.restart(5_000);
    tracker.up(5_010);

    assertThat(tracker.mayRestart(10_000)).isFalse();
  }
}
