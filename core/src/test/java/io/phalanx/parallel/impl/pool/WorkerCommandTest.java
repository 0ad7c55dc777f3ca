package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.worker.WorkerArguments;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerCommandTest {

  /** The part of the command line after the main class, as the worker parses it. */
  private static WorkerArguments parsedByTheWorker(List<String> arguments) {
    int main = arguments.indexOf(arguments.stream().filter(arg -> arg.endsWith(WorkerCommand.MAIN_CLASS)).findFirst()
      .orElseThrow());
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

  @Test
  void onTheClassPathTheMainClassFollowsIt() {
    List<String> arguments = new WorkerCommand(ParallelConfig.defaults().setClasspath("/app/a.jar")).arguments("w");

    assertThat(String.join(" ", arguments)).contains("-cp /app/a.jar " + WorkerCommand.MAIN_CLASS + " --worker-id w")
      .doesNotContain("--module-path").doesNotContain(" -m ");
  }

  @Test
  void fromModulesTheWorkerResolvesTheParentsModules() {
    WorkerModules modules = new WorkerModules("/app/mods:/app/lib", List.of("com.acme.app", "io.phalanx.parallel"));
    WorkerCommand command = new WorkerCommand(ParallelConfig.defaults(), modules);

    List<String> arguments = command.arguments("worker-1");

    assertThat(String.join(" ", arguments))
      .contains("--module-path /app/mods:/app/lib --add-modules com.acme.app,io.phalanx.parallel")
      .contains("-m io.phalanx.parallel.worker/" + WorkerCommand.MAIN_CLASS + " --worker-id worker-1");
    assertThat(parsedByTheWorker(arguments).workerId()).isEqualTo("worker-1");
    assertThat(command.codePath()).endsWith("/app/mods", "/app/lib");
    assertThat(command.launch()).startsWith("-m io.phalanx.parallel.worker/").endsWith("com.acme.app,io.phalanx.parallel");
  }

  @Test
  void fromAnImageNoModulePathIsGiven() {
    WorkerCommand command = new WorkerCommand(ParallelConfig.defaults(), new WorkerModules(null, List.of("com.acme.app")));

    assertThat(String.join(" ", command.arguments("w"))).doesNotContain("--module-path")
      .contains("--add-modules com.acme.app");
  }

  @Test
  void aLibraryOnTheClassPathHasNoModulesToGive() {
    assertThat(WorkerModules.ofParent()).isNull();
  }

  @Test
  void nativeHeapTrimmingNeedsAJdkThatKnowsIt() {
    assertThat(WorkerCommand.canTrimNativeHeap(Runtime.Version.parse("17.0.8"))).isFalse();
    assertThat(WorkerCommand.canTrimNativeHeap(Runtime.Version.parse("17.0.9"))).isTrue();
    assertThat(WorkerCommand.canTrimNativeHeap(Runtime.Version.parse("20.0.2"))).isFalse();
    assertThat(WorkerCommand.canTrimNativeHeap(Runtime.Version.parse("21"))).isFalse();
    assertThat(WorkerCommand.canTrimNativeHeap(Runtime.Version.parse("21.0.1"))).isTrue();
    assertThat(WorkerCommand.canTrimNativeHeap(Runtime.Version.parse("25"))).isTrue();
  }

  @Test
  void theParentsOwnJavaTrimsItsNativeHeapWhereItCan() {
    List<String> arguments = new WorkerCommand(ParallelConfig.defaults()).arguments("w");

    if (WorkerCommand.canTrimNativeHeap(Runtime.version())) {
      assertThat(arguments).containsSubsequence(WorkerCommand.TRIM_NATIVE_HEAP);
    } else {
      assertThat(String.join(" ", arguments)).doesNotContain("TrimNativeHeapInterval");
    }
  }

  @Test
  void anotherJavaOrOwnIntervalGetsNoTrimOption() {
    String ownJava = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> otherJava = new WorkerCommand(ParallelConfig.defaults().setJavaCommand(ownJava)).arguments("w");
    List<String> ownInterval = new WorkerCommand(ParallelConfig.defaults()
      .addJvmOption("-XX:TrimNativeHeapInterval=0")).arguments("w");

    assertThat(String.join(" ", otherJava)).doesNotContain("TrimNativeHeapInterval");
    assertThat(ownInterval.stream().filter(arg -> arg.contains("TrimNativeHeapInterval")))
      .containsExactly("-XX:TrimNativeHeapInterval=0");
  }
}
