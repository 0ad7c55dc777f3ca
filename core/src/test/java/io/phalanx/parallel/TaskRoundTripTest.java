package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.Chatty;
import io.phalanx.parallel.fixtures.Echo;
import io.phalanx.parallel.fixtures.Kaboom;
import io.phalanx.parallel.fixtures.Later;
import io.phalanx.parallel.fixtures.Nothing;
import io.phalanx.parallel.fixtures.RawStdout;
import io.phalanx.parallel.fixtures.WhoAmI;
import io.phalanx.parallel.fixtures.WrittenWhere;
import io.phalanx.parallel.testing.PoolTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskRoundTripTest extends PoolTestBase {

  private Parallel parallel;

  @BeforeEach
  void startPool() {
    parallel = deployPool(ParallelConfig.singleWorker());
  }

  @Test
  void addsTwoAndThreeInAWorkerThatIsAnotherProcess() {
    assertThat(await(parallel.inWorker(new Add(2, 3)))).isEqualTo(5);
    WhoAmI.Answer answer = await(parallel.inWorker(new WhoAmI()));
    assertThat(answer.pid()).isNotEqualTo(ProcessHandle.current().pid());
    assertThat(ProcessHandle.of(answer.pid()).flatMap(p -> p.parent()).map(ProcessHandle::pid))
      .contains(ProcessHandle.current().pid());
    assertThat(answer.workerId()).isEqualTo("worker-0");
  }

  @Test
  void runsTasksOnTheTaskThreadNotAnEventLoop() {
    assertThat(await(parallel.inWorker(new WhoAmI())).thread()).isEqualTo("phalanx-task-runner");
  }

  @Test
  void aTaskIsEncodedByTheThreadThatSubmitsItNeverByThePoolsEventLoop() {
    // a large task then costs its sender, not the loop that every worker's frames go through
    WrittenWhere.THREADS.clear();

    assertThat(await(parallel.inWorker(new WrittenWhere("abc")))).isEqualTo("ABC");
    assertThat(await(parallel.inWorker(new WrittenWhere("de")))).isEqualTo("DE");

    assertThat(WrittenWhere.THREADS).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void nestedRecordComesBackEqual() {
    Echo.Shape shape = new Echo.Shape("triangle",
      List.of(new Echo.Point(0, 0), new Echo.Point(1.5, 0), new Echo.Point(0, 2.25)),
      Map.of("sides", 3, "corners", 3), Echo.Color.GREEN, new Echo.Style(Echo.Color.BLUE, true));
    Echo.Shape back = await(parallel.inWorker(new Echo(shape)));
    assertThat(back).isEqualTo(shape).isNotSameAs(shape);
    assertThat(back.color()).isSameAs(Echo.Color.GREEN);
  }

  @Test
  void javaTimeValuesCrossBothWays() {
    LocalDate day = LocalDate.of(2026, 12, 7);
    ZoneId paris = ZoneId.of("Europe/Paris");
    Later.Dates dates = new Later.Dates(day, Instant.parse("2026-12-07T01:02:03.456Z"),
      ZonedDateTime.of(2026, 12, 7, 9, 30, 0, 0, paris), Duration.ofMinutes(90), paris, Month.DECEMBER,
      Map.of(day, 3));

    Later.Dates back = await(parallel.inWorker(new Later(dates, 2)));

    assertThat(back.day()).isEqualTo(LocalDate.of(2026, 12, 9));
    assertThat(back.at()).isEqualTo(Instant.parse("2026-12-09T01:02:03.456Z"));
    // written with its offset, read back in the mapper's time zone (UTC): the same instant
    assertThat(back.zoned().toInstant()).isEqualTo(ZonedDateTime.of(2026, 12, 9, 9, 30, 0, 0, paris).toInstant());
    assertThat(back.span()).isEqualTo(Duration.ofMinutes(90).plusDays(2));
    assertThat(back.zone()).isEqualTo(paris);
    assertThat(back.month()).isEqualTo(Month.FEBRUARY);
    assertThat(back.countsByDay()).containsExactly(Map.entry(LocalDate.of(2026, 12, 9), 3));
  }

  @Test
  void aVoidTaskReturnsNull() {
    assertThat(await(parallel.inWorker(new Nothing()))).isNull();
  }

  @Test
  void throwingTaskFailsWithRemoteStack() {
    Throwable failure = failureOf(parallel.inWorker(new Kaboom("kaboom")));

    assertThat(failure).isInstanceOf(TaskFailedException.class);
    TaskFailedException failed = (TaskFailedException) failure;
    assertThat(failed.getMessage()).contains("kaboom").contains("worker-0").contains("phalanx.parallel");
    assertThat(failed.failureCode()).isEqualTo(500);
    assertThat(failed.remoteClassName()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failed.remoteMessage()).isEqualTo("kaboom");
    assertThat(Arrays.stream(failed.remoteStackTrace()).map(StackTraceElement::getClassName))
      .contains(Kaboom.class.getName(), "io.phalanx.parallel.worker.TaskRunner");
    assertThat(failed.getCause()).isInstanceOf(RemoteThrowable.class);
    RemoteThrowable cause = (RemoteThrowable) failed.getCause();
    assertThat(cause.remoteClassName()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(cause.remoteMessage()).isEqualTo("root cause");

    assertThat(await(parallel.inWorker(new Add(1, 1)))).isEqualTo(2);
  }

  @Test
  void printingToSystemOutLeavesProtocolIntact() {
    assertThat(await(parallel.inWorker(new Chatty()))).isEqualTo(7);
    assertThat(await(parallel.inWorker(new Add(20, 22)))).isEqualTo(42);
  }

  @Test
  void nonFrameLineOnStdoutIsLoggedNotFatal() {
    assertThat(await(parallel.inWorker(new RawStdout("not a frame, just noise")))).isEqualTo("written");
    assertThat(await(parallel.inWorker(new Add(1, 2)))).isEqualTo(3);
  }
}
