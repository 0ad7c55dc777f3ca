package io.phalanx.parallel.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AutogroupTest {

  /** {@code /proc/<pid>/stat} of a process 4242 in session {@code session} at nice {@code nice}. */
  private static String stat(String command, long session, int nice) {
    return "4242 (" + command + ") S 1 4242 " + session + " 0 -1 4194560 900 0 0 0 12 3 0 0 " + (20 + nice) + " "
      + nice + " 20 0 1234 0 5000 18446744073709551615";
  }

  @Test
  void aSessionLeaderFollowsItsNice() {
    assertThat(Autogroup.niceOfSessionLeader(stat("java", 4242, 10), 4242)).isEqualTo(10);
  }

  @Test
  void aProcessInAnotherSessionLeavesTheGroupAlone() {
    assertThat(Autogroup.niceOfSessionLeader(stat("java", 100, 10), 4242)).isZero();
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesIsSkipped() {
    assertThat(Autogroup.niceOfSessionLeader(stat("my (odd) name", 4242, 7), 4242)).isEqualTo(7);
  }

  @Test
  void theRealStatOfThisProcessParses() throws Exception {
    java.nio.file.Path stat = java.nio.file.Path.of("/proc/self/stat");
    if (java.nio.file.Files.isReadable(stat)) {
      int nice = Autogroup.niceOfSessionLeader(java.nio.file.Files.readString(stat),
        ProcessHandle.current().pid());
      assertThat(nice).isBetween(0, 19);
    }
  }
}
