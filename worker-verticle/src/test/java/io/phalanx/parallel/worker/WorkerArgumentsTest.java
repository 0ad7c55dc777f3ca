package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.FrameCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerArgumentsTest {

  @Test
  void noArgumentsGiveTheDefaults() {
    assertThat(WorkerArguments.parse(new String[0]))
      .isEqualTo(new WorkerArguments("worker", FrameCodec.DEFAULT_MAX_FRAME_BYTES, -1));
  }

  @Test
  void readsEveryOption() {
    WorkerArguments arguments = WorkerArguments.parse(new String[] {
      "--worker-id", "worker-4", "--max-frame-bytes", "2048", "--parent-pid", "31337"});

    assertThat(arguments.workerId()).isEqualTo("worker-4");
    assertThat(arguments.maxFrameBytes()).isEqualTo(2048);
    assertThat(arguments.parentPid()).isEqualTo(31337L);
  }

  @Test
  void optionsMayComeInAnyOrderAndTheLastOneWins() {
    WorkerArguments arguments = WorkerArguments.parse(new String[] {
      "--parent-pid", "7", "--worker-id", "a", "--worker-id", "b"});

    assertThat(arguments).isEqualTo(new WorkerArguments("b", FrameCodec.DEFAULT_MAX_FRAME_BYTES, 7));
  }

  @Test
  void readsRepeatedBundlesAndTheServiceTimeout() {
    WorkerArguments arguments = WorkerArguments.parse(new String[] {
      "--service-bundle", "com.example.A", "--worker-id", "w", "--service-bundle", "com.example.B",
      "--service-timeout", "1500"});

    assertThat(arguments.serviceBundles()).containsExactly("com.example.A", "com.example.B");
    assertThat(arguments.serviceTimeout()).isEqualTo(1500L);
  }

  @Test
  void noServiceOptionsMeanDefaults() {
    WorkerArguments arguments = WorkerArguments.parse(new String[] {"--worker-id", "w"});

    assertThat(arguments.serviceBundles()).isEmpty();
    assertThat(arguments.serviceTimeout()).isEqualTo(WorkerArguments.DEFAULT_SERVICE_TIMEOUT).isEqualTo(30_000L);
  }

  @Test
  void aServiceTimeoutBelowOneIsRefused() {
    assertThatThrownBy(() -> WorkerArguments.parse(new String[] {"--service-timeout", "0"}))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--service-timeout");
  }

  @Test
  void anOptionWithoutValueIsRefused() {
    assertThatThrownBy(() -> WorkerArguments.parse(new String[] {"--worker-id", "w", "--max-frame-bytes"}))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("missing value after --max-frame-bytes");
  }

  @Test
  void anUnknownOptionIsRefused() {
    assertThatThrownBy(() -> WorkerArguments.parse(new String[] {"--worker-id", "w", "--colour", "blue"}))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("unknown option --colour");
  }

  @Test
  void aNonNumericNumberIsRefused() {
    assertThatThrownBy(() -> WorkerArguments.parse(new String[] {"--max-frame-bytes", "lots"}))
      .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WorkerArguments.parse(new String[] {"--parent-pid", "me"}))
      .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTaskAllowlistAndItsPackagesAreParsed() {
    WorkerArguments parsed = WorkerArguments.parse(new String[] {"--worker-id", "w", "--allowlist", "PACKAGES",
      "--allowed-package", "com.acme.a", "--allowed-package", "com.acme.b"});
    org.assertj.core.api.Assertions.assertThat(parsed.allowlist()).isEqualTo(io.phalanx.parallel.task.TaskAllowlist.PACKAGES);
    org.assertj.core.api.Assertions.assertThat(parsed.allowedPackages()).containsExactly("com.acme.a", "com.acme.b");
    org.assertj.core.api.Assertions.assertThat(WorkerArguments.parse(new String[0]).allowlist())
      .isEqualTo(io.phalanx.parallel.task.TaskAllowlist.ANY_TASK);
  }

  @Test
  void readsTheHeartbeatIntervalNoneByDefault() {
    assertThat(WorkerArguments.parse(new String[0]).heartbeatInterval()).isZero();
    assertThat(WorkerArguments.parse(new String[] {"--heartbeat-interval", "250"}).heartbeatInterval())
      .isEqualTo(250);
    assertThatThrownBy(() -> WorkerArguments.parse(new String[] {"--heartbeat-interval", "-1"}))
      .hasMessageContaining("--heartbeat-interval").hasMessageContaining("-1");
  }

  @Test
  void parentAndLocalServicesAreReadByTypeAndValue() {
    WorkerArguments parsed = WorkerArguments.parse(new String[] {"--parent-service", "com.acme.Store=acme.store=a",
      "--local-service", "com.acme.Sieve=com.acme.FastSieve"});

    assertThat(parsed.services()).containsExactly(ServiceSpec.parentProxy("com.acme.Store", "acme.store=a"),
      ServiceSpec.local("com.acme.Sieve", "com.acme.FastSieve"));
    assertThat(parsed.declaresServices()).isTrue();
    assertThat(WorkerArguments.parse(new String[0]).declaresServices()).isFalse();
  }

  @Test
  void aServiceWithoutTypeOrValueIsRefused() {
    assertThatThrownBy(() -> WorkerArguments.parse(new String[] {"--parent-service", "com.acme.Store"}))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("--parent-service needs TYPE=ADDRESS, was 'com.acme.Store'");
    assertThatThrownBy(() -> WorkerArguments.parse(new String[] {"--local-service", "=com.acme.X"}))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--local-service needs");
  }
}
