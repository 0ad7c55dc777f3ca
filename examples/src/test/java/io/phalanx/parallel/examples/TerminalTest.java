package io.phalanx.parallel.examples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TerminalTest {

  @Test
  void onlyATerminalGetsEscapeCodes() {
    assertThat(Terminal.allows(Map.of(), true)).isTrue();
    assertThat(Terminal.allows(Map.of(), false)).isFalse();
  }

  @Test
  void noColorOrADumbTerminalTurnsThemOff() {
    assertThat(Terminal.allows(Map.of("NO_COLOR", "1"), true)).isFalse();
    assertThat(Terminal.allows(Map.of("TERM", "dumb"), true)).isFalse();
    // no-color.org: an empty NO_COLOR does not count
    assertThat(Terminal.allows(Map.of("NO_COLOR", ""), true)).isTrue();
  }

  @Test
  void aStreamOtherThanStdoutIsNeverStyled() {
    assertThat(Terminal.styled(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
      .isFalse();
    // this JVM's standard output is surefire's pipe, not a terminal
    assertThat(Terminal.styled(System.out)).isFalse();
    assertThat(Terminal.isTerminal(null)).isFalse();
  }

  @Test
  void aPlainProgressBarIsALinePerTenth() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8), "[1 worker]", 20,
      false);

    for (int i = 0; i < 20; i++) {
      progress.itemDone();
    }

    String output = printed.toString(StandardCharsets.UTF_8);
    assertThat(output.lines()).hasSize(10).last().asString().contains("100%   20/20 images");
    assertThat(output).doesNotContain("\u001b", "\r");
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlace() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8), "[1 worker]", 4, true);

    for (int i = 0; i < 4; i++) {
      progress.itemDone();
    }

    String output = printed.toString(StandardCharsets.UTF_8);
    // four redraws of one line, ended when the batch is done
    assertThat(output.split(Pattern.quote(Progress.REDRAW), -1)).hasSize(5);
    assertThat(output).startsWith(Progress.REDRAW).contains("100%    4/4 images")
      .endsWith(System.lineSeparator());
    assertThat(output.chars().filter(c -> c == '\n').count()).isEqualTo(1);
  }
}
