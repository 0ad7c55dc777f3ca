package io.phalanx.parallel.impl;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CountedTest {

  @Test
  void oneIsSingularEverythingElsePlural() {
    assertThat(Counted.of(1, "task")).isEqualTo("1 task");
    assertThat(Counted.of(0, "task")).isEqualTo("0 tasks");
    assertThat(Counted.of(2, "worker")).isEqualTo("2 workers");
  }
}
