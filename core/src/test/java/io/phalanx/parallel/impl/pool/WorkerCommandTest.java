package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.worker.WorkerArguments;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerCommandTest {

  /** The part of the command line after the main class, as the worker parses it. */
  private static WorkerArguments parsedByTheWorker(List<String> arguments) {
    int main = arguments.indexOf(WorkerCommand.MAIN_CLASS);
    return WorkerArguments.parse(arguments.subList(main + 1, arguments.size()).toArray(new String[0]));
  }

  @Test
  void workerReadsBackEveryArgument() {
    ParallelConfig config = ParallelConfig.defaults().setMaxFrameBytes(2048).setServiceCallTimeout(1234)
      .setServiceBundles(List.of("com.example.A", "com.example.B"));

    WorkerArguments arguments = parsedByTheWorker(new WorkerCommand(config).arguments("worker-2"));

    assertThat(arguments.workerId()).isEqualTo("worker-2");
    assertThat(arguments.maxFrameBytes()).isEqualTo(2048);
    assertThat(arguments.parentPid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(arguments.serviceBundles()).containsExactly("com.example.A", "com.example.B");
    assertThat(arguments.serviceTimeout()).isEqualTo(1234);
  }

  @Test
  void eachBundleIsItsOwnOption() {
    List<String> arguments = new WorkerCommand(ParallelConfig.defaults()
      .setServiceBundles(List.of("com.example.A", "com.example.B"))).arguments("worker-0");

    assertThat(String.join(" ", arguments))
      .contains("--service-bundle com.example.A --service-bundle com.example.B --service-timeout 30000");
  }

  @Test
  void withoutBundlesOnlyTheTimeoutIsGiven() {
    List<String> arguments = new WorkerCommand(ParallelConfig.defaults()).arguments("worker-0");

    assertThat(arguments).doesNotContain("--service-bundle").contains("--service-timeout");
    assertThat(parsedByTheWorker(arguments).serviceBundles()).isEmpty();
  }

  @Test
  void aWorkerLearnsServiceTypesAndAddressesButNoSettings() {
    ParallelConfig config = ParallelConfig.defaults()
      .addParentService(new io.phalanx.parallel.ParentService().setType("com.acme.Store").setAddress("acme.store")
        .setImplementation("com.acme.JdbcStore").setConfig(new io.vertx.core.json.JsonObject().put("password", "s3"))
        .setBlocking(true))
      .setLocalServices(java.util.Map.of("com.acme.Sieve", "com.acme.FastSieve"));

    List<String> arguments = new WorkerCommand(config).arguments("worker-0");

    assertThat(String.join(" ", arguments)).contains("--parent-service com.acme.Store=acme.store")
      .contains("--local-service com.acme.Sieve=com.acme.FastSieve")
      .doesNotContain("JdbcStore").doesNotContain("s3").doesNotContain("password");
    assertThat(parsedByTheWorker(arguments).services()).containsExactly(
      io.phalanx.parallel.worker.ServiceSpec.parentProxy("com.acme.Store", "acme.store"),
      io.phalanx.parallel.worker.ServiceSpec.local("com.acme.Sieve", "com.acme.FastSieve"));
  }
}
