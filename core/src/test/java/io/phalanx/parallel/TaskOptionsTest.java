package io.phalanx.parallel;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskOptionsTest {

  @Test
  void theDefaultAsksForNoTimeoutOfItsOwn() {
    assertThat(new TaskOptions().getTimeout()).isEqualTo(TaskOptions.DEFAULT_TIMEOUT).isEqualTo(-1);
  }

  @Test
  void aTimeoutBelowMinusOneIsRefusedNamingIt() {
    assertThatThrownBy(() -> new TaskOptions().setTimeout(-2)).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("timeout").hasMessageContaining("-2");
  }

  @Test
  void jsonRoundTripsAndRefusesWrongTypesNamingTheKey() {
    assertThat(new TaskOptions(new TaskOptions().setTimeout(250).toJson()).getTimeout()).isEqualTo(250);
    for (Object wrong : new Object[]{"250", 2.5, true, 9_223_372_036_854_775_807.0}) {
      assertThatThrownBy(() -> new TaskOptions(new JsonObject().put("timeout", wrong))).as("%s", wrong)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }
    assertThatThrownBy(() -> new TaskOptions(new JsonObject().put("deadline", 5)))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline");
  }
}
