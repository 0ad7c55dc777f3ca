package io.phalanx.parallel;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The settings of CPU, memory and pool size: defaults, validation, copies and the JSON form. */
class ParallelConfigResourcesTest {

  private static ParallelConfig changed() {
    return new ParallelConfig()
      .setWorkerNice(10)
      .setMaxWorkerRss(300L << 20)
      .setMaxPoolMemory(2L << 30)
      .setMinAgents(1)
      .setMaxAgents(8)
      .setIdleTimeout(5_000);
  }

  private static void assertRejected(Executable setter, String property, String badValue) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, setter);
    assertThat(e.getMessage()).contains(property).contains(badValue);
  }

  @Test
  void defaultsChangeNothing() {
    ParallelConfig config = ParallelConfig.defaults();

    assertThat(config.getWorkerNice()).isZero().isEqualTo(ParallelConfig.DEFAULT_WORKER_NICE);
    assertThat(config.getMaxWorkerRss()).isZero().isEqualTo(ParallelConfig.DEFAULT_MAX_WORKER_RSS);
    assertThat(config.getMaxPoolMemory()).isZero().isEqualTo(ParallelConfig.DEFAULT_MAX_POOL_MEMORY);
    assertThat(config.getMinAgents()).isZero().isEqualTo(ParallelConfig.DEFAULT_MIN_AGENTS);
    assertThat(config.getMaxAgents()).isZero().isEqualTo(ParallelConfig.DEFAULT_MAX_AGENTS);
    assertThat(config.getIdleTimeout()).isEqualTo(60_000).isEqualTo(ParallelConfig.DEFAULT_IDLE_TIMEOUT);
  }

  @Test
  void gettersReturnWhatTheSettersWereGiven() {
    ParallelConfig config = changed();

    assertThat(config.getWorkerNice()).isEqualTo(10);
    assertThat(config.getMaxWorkerRss()).isEqualTo(300L << 20);
    assertThat(config.getMaxPoolMemory()).isEqualTo(2L << 30);
    assertThat(config.getMinAgents()).isEqualTo(1);
    assertThat(config.getMaxAgents()).isEqualTo(8);
    assertThat(config.getIdleTimeout()).isEqualTo(5_000);
  }

  @Test
  void boundaryValuesAreAccepted() {
    ParallelConfig config = new ParallelConfig().setWorkerNice(19).setWorkerNice(0).setMaxWorkerRss(0)
      .setMaxPoolMemory(0).setMinAgents(0).setMaxAgents(0).setIdleTimeout(0);

    assertThat(config.getWorkerNice()).isZero();
    assertThat(config.getIdleTimeout()).isZero();
  }

  @Test
  void badValuesAreRejectedNamingKeyAndValue() {
    ParallelConfig config = new ParallelConfig();

    assertRejected(() -> config.setWorkerNice(-1), "workerNice", "-1");
    assertRejected(() -> config.setWorkerNice(20), "workerNice", "20");
    assertRejected(() -> config.setMaxWorkerRss(-5), "maxWorkerRss", "-5");
    assertRejected(() -> config.setMaxPoolMemory(-6), "maxPoolMemory", "-6");
    assertRejected(() -> config.setMinAgents(-2), "minAgents", "-2");
    assertRejected(() -> config.setMaxAgents(-3), "maxAgents", "-3");
    assertRejected(() -> config.setIdleTimeout(-4), "idleTimeout", "-4");
    assertThat(config.getWorkerNice()).isZero();
  }

  @Test
  void theCopyHasEverySetting() {
    ParallelConfig copy = new ParallelConfig(changed());

    assertThat(copy.toJson()).isEqualTo(changed().toJson());
    assertThat(copy.getMaxAgents()).isEqualTo(8);
  }

  @Test
  void theJsonFormRoundTrips() {
    JsonObject json = changed().toJson();

    assertThat(json.getInteger("workerNice")).isEqualTo(10);
    assertThat(json.getLong("maxWorkerRss")).isEqualTo(300L << 20);
    assertThat(json.getLong("maxPoolMemory")).isEqualTo(2L << 30);
    assertThat(json.getInteger("minAgents")).isEqualTo(1);
    assertThat(json.getInteger("maxAgents")).isEqualTo(8);
    assertThat(json.getLong("idleTimeout")).isEqualTo(5_000);
    assertThat(new ParallelConfig(json).toJson()).isEqualTo(json);
  }

  @Test
  void jsonWithBadValuesIsRejectedByTheSameValidation() {
    assertRejected(() -> new ParallelConfig(new JsonObject().put("workerNice", 25)), "workerNice", "25");
    assertRejected(() -> new ParallelConfig(new JsonObject().put("minAgents", -1)), "minAgents", "-1");
  }
}
