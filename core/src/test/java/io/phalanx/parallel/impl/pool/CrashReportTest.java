package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CrashReportTest {

  @Test
  void aMissingMainClassNamesTheClassPath() {
    CrashReport report = new CrashReport("worker-0");
    report.line("stderr", "Error: Could not find or load main class " + WorkerCommand.MAIN_CLASS);

    String reason = report.startExitReason(1, new WorkerCommand(ParallelConfig.defaults().setClasspath("/x.jar")));

    assertThat(reason).contains("not on the worker class path").contains("'/x.jar'");
  }

  @Test
  void anUnresolvedModuleNamesTheModuleLaunch() {
    CrashReport report = new CrashReport("worker-0");
    report.line("stderr", "Error occurred during initialization of boot layer");
    report.line("stderr", "java.lang.module.FindException: Module com.acme.app not found");
    WorkerCommand command = new WorkerCommand(ParallelConfig.defaults(),
      new WorkerModules("/app/mods", List.of("com.acme.app")));

    String reason = report.startExitReason(1, command);

    assertThat(reason).contains("module graph does not resolve").contains("--add-modules com.acme.app")
      .contains("/app/mods");
  }

  @Test
  void anyOtherEarlyExitSaysItWasNeverReady() {
    CrashReport report = new CrashReport("worker-0");
    report.line("stderr", "Exception in thread main");

    assertThat(report.startExitReason(3, new WorkerCommand(ParallelConfig.defaults())))
      .contains("before sending its ready frame");
  }
}
