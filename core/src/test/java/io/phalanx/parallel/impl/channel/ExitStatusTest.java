package io.phalanx.parallel.impl.channel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitStatusTest {

  @Test
  void anOrdinaryStatusIsJustTheExitCode() {
    assertThat(ExitStatus.describe(3)).isEqualTo("exit code 3").doesNotContain("SIG").doesNotContain("signal")
      .doesNotContain("killed");
  }

  @Test
  void zeroAndOneAreJustExitCodes() {
    assertThat(ExitStatus.describe(0)).isEqualTo("exit code 0");
    assertThat(ExitStatus.describe(1)).isEqualTo("exit code 1");
  }

  @Test
  void nineMentionsBothTheExitCodeAndSigkill() {
    assertThat(ExitStatus.describe(9)).contains("exit code 9").contains("SIGKILL");
  }

  @Test
  void fifteenMentionsBothTheExitCodeAndSigterm() {
    assertThat(ExitStatus.describe(15)).contains("exit code 15").contains("SIGTERM");
  }

  @Test
  void theJdksSignalStatusesNameTheirSignal() {
    assertThat(ExitStatus.describe(137)).isEqualTo("exit code 137 (or killed by SIGKILL)");
    assertThat(ExitStatus.describe(143)).isEqualTo("exit code 143 (or killed by SIGTERM)");
    assertThat(ExitStatus.describe(134)).contains("SIGABRT");
    assertThat(ExitStatus.describe(130)).isEqualTo("exit code 130");
  }

  @Test
  void abortAndSegfaultAreNamed() {
    assertThat(ExitStatus.describe(6)).contains("SIGABRT");
    assertThat(ExitStatus.describe(11)).contains("SIGSEGV");
  }
}
