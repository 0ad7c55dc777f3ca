package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.InterruptedReporter;
import io.phalanx.parallel.fixtures.LateReporter;
import io.phalanx.parallel.fixtures.Meddle;
import io.phalanx.parallel.fixtures.Treacherous;
import io.phalanx.parallel.fixtures.TreacherousResult;
import org.junit.jupiter.api.Test;
import io.phalanx.parallel.fixtures.WhoAmI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import io.phalanx.parallel.testing.PoolTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task code that misbehaves while the worker writes its answer (an exception whose own methods throw, a result whose
 * accessor throws an error) still gets its task an answer, and the worker serves on; what a task changes of its
 * thread does not reach the tasks after it.
 */
class HostileTaskCodeTest extends PoolTestBase {

  private Parallel parallel;

  @BeforeEach
  void pool() {
    deploy(ParallelConfig.singleWorker().setAddress("hostile"));
    parallel = Parallel.create(vertx, "hostile");
  }

  @ParameterizedTest
  @ValueSource(strings = {"message", "stack", "null-stack", "cause"})
  void anExceptionThatCannotBeDescribedStillFailsItsTask(String how) {
    Throwable failure = failureOf(parallel.inWorker(new Treacherous(how)));

    assertThat(failure).isInstanceOf(TaskFailedException.class);
    assertThat(((TaskFailedException) failure).remoteClassName()).isEqualTo(Treacherous.Betrayal.class.getName());
    assertThat(await(parallel.inWorker(new Add(1, 1)))).isEqualTo(2);
  }

  @Test
  void aResultWhoseAccessorThrowsAnErrorFailsItsTask() {
    Throwable failure = failureOf(parallel.inWorker(new TreacherousResult()));

    assertThat(failure).isInstanceOf(TaskFailedException.class)
      .hasMessageContaining("cannot be written as JSON");
    assertThat(((TaskFailedException) failure).remoteClassName()).isEqualTo(AssertionError.class.getName());
    assertThat(await(parallel.inWorker(new Add(1, 1)))).isEqualTo(2);
  }

  @Test
  void whatATaskChangesOfItsThreadIsPutBackForTheNext() {
    String before = await(parallel.inWorker(new Meddle.Look()));
    assertThat(before).isEqualTo("phalanx-task-runner 5 true true");

    assertThat(await(parallel.inWorker(new Meddle()))).isEqualTo("done");

    for (int i = 0; i < 4; i++) {
      assertThat(await(parallel.inWorker(new Meddle.Look()))).isEqualTo(before);
    }
  }

  @Test
  void aTaskThatKeepsItsInterruptFlagMayStillReportProgress() {
    WhoAmI.Answer first = await(parallel.inWorker(new WhoAmI()));
    // more updates than the worker holds back at once: some are written on the task's own thread
    TaskExecution<String> execution = parallel.submit(new InterruptedReporter(100));
    List<Object> updates = new CopyOnWriteArrayList<>();
    execution.progressHandler(updates::add);

    assertThat(await(execution.result())).isEqualTo("reported 100, still interrupted");
    assertThat(updates).isNotEmpty().last().isEqualTo(100);
    assertThat(await(parallel.inWorker(new WhoAmI())).pid()).as("the same worker").isEqualTo(first.pid());
  }

  @Test
  void progressReportedAfterItsTaskReturnedIsRefusedToTheThreadThatReportsIt() {
    WhoAmI.Answer first = await(parallel.inWorker(new WhoAmI()));

    assertThat(await(parallel.inWorker(new LateReporter()))).isEqualTo("returned");
    // the next task runs while the left-behind thread reports: it must not pay for it
    assertThat(await(parallel.inWorker(new LateReporter.Outcome()))).startsWith("IllegalStateException: task ")
      .endsWith("has returned: progress is reported only while a task runs");
    assertThat(await(parallel.inWorker(new WhoAmI())).pid()).as("the same worker").isEqualTo(first.pid());
  }
}
