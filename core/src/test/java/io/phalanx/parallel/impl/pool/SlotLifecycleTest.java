package io.phalanx.parallel.impl.pool;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.phalanx.parallel.FailureCodes;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.PoolUnavailableException;
import io.phalanx.parallel.TaskFailedException;
import io.phalanx.parallel.TaskTimeoutException;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.channel.WorkerChannel;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.impl.supervisionfixtures.RecordingOutcome;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.RemoteError;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The life of one worker slot ({@link SlotLifecycle}): its start, and its stop in every state.
 */
class SlotLifecycleTest extends WorkerHandleFixture {

  /** From launch to ready, and the ways a start fails. */
  @Nested
  class Start {

    @Test
    void startGoesFromStartingToIdleOnReady() {
      WorkerHandle worker = worker();

      Future<Void> started = worker.start();

      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);
      assertThat(started.isComplete()).isFalse();
      assertThat(launcher.launchCount()).isEqualTo(1);
      FakeProcessLauncher.Launch launch = launcher.launches().get(0);
      assertThat(launch.command()).isEqualTo("java");
      assertThat(launch.args()).containsSubsequence("-cp", CLASSPATH, WorkerCommand.MAIN_CLASS, "--worker-id", "worker-0");
      assertThat(launch.args()).containsSequence(WorkerCommand.MAIN_CLASS, "--worker-id", "worker-0");
      assertThat(worker.isAccepting()).isFalse();
      assertThat(worker.canAccept()).isFalse();

      FakeWorkerProcess process = launcher.last();
      process.sendReady();

      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
      assertThat(started.succeeded()).isTrue();
      assertThat(worker.pid()).isEqualTo(process.pid());
      assertThat(listener.calls).containsExactly("ready");
      assertThat(worker.canAccept()).isTrue();
      assertThat(clock.pendingCount()).as("the start timer is cancelled").isZero();
      assertThat(process.written()).isEmpty();
    }

    @Test
    void noReadyWithinTheStartTimeoutIsACrash() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();
      FakeWorkerProcess process = launcher.last();

      clock.advance(START_TIMEOUT - 1);
      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);
      assertThat(process.wasKilled()).isFalse();

      clock.advance(1);

      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(started.failed()).isTrue();
      assertThat(started.cause()).isInstanceOf(WorkerCrashedException.class)
        .hasMessageContaining("worker-0")
        .hasMessageContaining("start timeout");
      assertThat(process.kills()).containsExactly(true);
      assertThat(listener.onlyCrash().reason()).contains("start timeout");

      // the ready that comes too late belongs to a process the slot no longer listens to
      process.sendReady();
      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(listener.ready).isZero();
    }

    @Test
    void missingMainClassBlamesTheClassPath() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();
      FakeWorkerProcess process = launcher.last();

      process.stderrLine("Error: Could not find or load main class io.phalanx.parallel.worker.WorkerMain");
      process.stderrLine("Caused by: java.lang.ClassNotFoundException: io.phalanx.parallel.worker.WorkerMain");
      process.exit(1);

      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(started.failed()).isTrue();
      assertThat(started.cause()).isInstanceOf(WorkerCrashedException.class)
        .hasMessageContaining("not on the worker class path")
        .hasMessageContaining(CLASSPATH)
        .hasMessageContaining("ParallelConfig.setClasspath");
      assertThat(clock.pendingCount()).as("the start timer is cancelled").isZero();
    }

    @Test
    void anOtherExitBeforeReadyGivesTheExitCodeAndStderr() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();

      launcher.last().stderrLine("Unrecognized option: -Xfoo").exit(1);

      assertThat(started.cause()).isInstanceOf(WorkerCrashedException.class)
        .hasMessageContaining("exited with exit code 1 before sending its ready frame")
        .hasMessageContaining("Unrecognized option: -Xfoo");
    }

    @Test
    void aLaunchThatFailsFailsTheStart() {
      launcher.failNext(new IOException("No such file or directory"));
      WorkerHandle worker = worker();

      Future<Void> started = worker.start();

      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(started.cause()).isInstanceOf(WorkerCrashedException.class)
        .hasMessageContaining("'java' could not be executed")
        .hasMessageContaining("No such file or directory");
      assertThat(clock.pendingCount()).isZero();
    }

    @Test
    void aJavaCommandThatIsNoFileIsRefusedWithoutLaunching() {
      WorkerHandle worker = worker(config().setJavaCommand("/nonexistent/bin/java"));

      Future<Void> started = worker.start();

      assertThat(launcher.launchCount()).isZero();
      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(started.cause()).isInstanceOf(WorkerCrashedException.class)
        .hasMessageContaining("'/nonexistent/bin/java' not found");
      assertThat(clock.pendingCount()).isZero();
    }

    @Test
    void aReadyOfAnotherProtocolVersionIsAProtocolError() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();

      launcher.last().sendReady(FrameCodec.PROTOCOL_VERSION + 1);

      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(started.cause()).hasMessageContaining("protocol error").hasMessageContaining("protocol version");
    }

    @Test
    void aRestartAfterACrashIgnoresTheOldProcess() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess old = launcher.last();
      old.exit(3);
      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);

      Future<Void> restarted = worker.start();
      FakeWorkerProcess fresh = launcher.last();
      assertThat(fresh).isNotSameAs(old);
      old.stderrLine("late noise").endChannel().exit(0);
      old.sendReady();

      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);
      fresh.sendReady();
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
      assertThat(restarted.succeeded()).isTrue();
      assertThat(worker.pid()).isEqualTo(fresh.pid());
      assertThat(listener.crashes).hasSize(1);
      clock.advance(WorkerChannel.CHANNEL_END_GRACE_MS * 2);
      assertThat(worker.state()).as("the old channel's end is not the new process's").isEqualTo(WorkerState.IDLE);
    }
  }

  /**
   * A worker JVM that cannot start with its class-data archive (a damaged one crashes it, a JDK 25 AOT cache that
   * does not fit its initial heap stops it) is started again without the archive, which is blamed only if that start
   * is ready.
   */
  @Nested
  class StartWithAClassDataArchive {

    static final List<String> ARCHIVE = List.of("-XX:SharedArchiveFile=/tmp/cds/worker-1.jsa");

    final WorkerCommand command = new WorkerCommand(config());
    final List<String> refusals = new ArrayList<>();

    WorkerHandle worker() {
      command.sharingOptions(ARCHIVE, refusals::add);
      return new WorkerHandle(0, POOL, config(), command, launcher, clock,
        new FrameCodec(Codecs.MAPPER, config().getMaxFrameBytes()), listener);
    }

    List<String> lastArgs() {
      return launcher.launches().get(launcher.launchCount() - 1).args();
    }

    @Test
    void aStartThatDiesWithTheArchiveIsTriedAgainWithoutIt() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();
      assertThat(lastArgs()).containsAll(ARCHIVE);

      launcher.last().stderrLine("# A fatal error has been detected by the Java Runtime Environment:")
        .stderrLine("#  SIGBUS (0x7) at pc=0x00007fdb73ebc53d").exit(134);

      assertThat(launcher.launchCount()).isEqualTo(2);
      assertThat(lastArgs()).doesNotContainAnyElementsOf(ARCHIVE)
        .containsSequence(WorkerCommand.MAIN_CLASS, "--worker-id", "worker-0");
      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);
      assertThat(started.isComplete()).isFalse();
      assertThat(refusals).as("not blamed before the start without it is ready").isEmpty();
      assertThat(clock.pendingCount()).as("one start timer, the second start's").isEqualTo(1);

      launcher.last().sendReady();

      assertThat(started.succeeded()).isTrue();
      assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
      assertThat(listener.crashes).isEmpty();
      assertThat(refusals).singleElement().asString().contains("exited with exit code 134 (or killed by "
        + "SIGABRT) before sending its ready frame").contains("SIGBUS");
      assertThat(command.sharingOptions()).as("no worker gets the archive again").isEmpty();
    }

    @Test
    void theArchiveIsNotBlamedWhenTheStartWithoutItFailsToo() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();

      launcher.last().stderrLine("Unrecognized VM option 'Foo'").exit(1);
      launcher.last().stderrLine("Unrecognized VM option 'Foo' again").exit(1);

      assertThat(launcher.launchCount()).isEqualTo(2);
      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(started.cause()).isInstanceOf(WorkerCrashedException.class)
        .hasMessageContaining("exited with exit code 1 before sending its ready frame")
        .hasMessageContaining("'Foo' again");
      assertThat(refusals).isEmpty();
      assertThat(command.sharingOptions()).isEqualTo(ARCHIVE);
      assertThat(clock.pendingCount()).isZero();
    }

    @Test
    void aStartKilledFromOutsideIsACrashNotTheArchives() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();

      launcher.last().exit(137);

      assertThat(launcher.launchCount()).isEqualTo(1);
      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(started.cause()).hasMessageContaining("exit code 137 (or killed by SIGKILL)");
      assertThat(refusals).isEmpty();
      assertThat(command.sharingOptions()).isEqualTo(ARCHIVE);
    }

    @Test
    void aCrashAfterReadyIsACrashWhateverTheArchive() {
      WorkerHandle worker = worker();
      worker.start();
      launcher.last().sendReady();

      launcher.last().exit(134);

      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(launcher.launchCount()).isEqualTo(1);
      assertThat(listener.onlyCrash().reason()).contains("exited unexpectedly");
      assertThat(refusals).isEmpty();
      assertThat(command.sharingOptions()).isEqualTo(ARCHIVE);
    }

    @Test
    void aStartTimeoutAfterTheRetryIsACrash() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();
      clock.advance(START_TIMEOUT - 1);
      launcher.last().exit(1);

      clock.advance(START_TIMEOUT - 1);
      assertThat(worker.state()).as("the start without the archive has a timeout of its own").isEqualTo(
        WorkerState.STARTING);
      clock.advance(1);

      assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
      assertThat(started.cause()).hasMessageContaining("start timeout");
      assertThat(launcher.last().kills()).containsExactly(true);
      assertThat(refusals).isEmpty();
    }
  }

  /** Stopping in every state, with its grace periods. */
  @Nested
  class Stop {

    @Test
    void stoppingIdleWorkerSendsShutdown() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess process = launcher.last();

      Future<Void> stopped = worker.stop();

      assertThat(worker.state()).isEqualTo(WorkerState.DRAINING);
      assertThat(process.gotShutdown()).isTrue();
      assertThat(process.lifelineClosedCalls()).isZero();
      assertThat(stopped.isComplete()).isFalse();
      assertThat(worker.isAccepting()).isFalse();
      assertThat(worker.enqueue(task(1, new RecordingOutcome()))).isFalse();
      assertThat(worker.stop()).as("stop is idempotent").isSameAs(stopped);

      process.endChannel().exit(0);

      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
      assertThat(stopped.succeeded()).isTrue();
      assertThat(listener.crashes).isEmpty();
      clock.advance(SHUTDOWN_GRACE + KILL_GRACE + WorkerChannel.CHANNEL_END_GRACE_MS);
      assertThat(process.kills()).as("no signal once it exited").isEmpty();
      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void stoppingBusyWorkerFailsQueueFinishesTask() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess process = launcher.last();
      RecordingOutcome running = new RecordingOutcome();
      RecordingOutcome second = new RecordingOutcome();
      RecordingOutcome third = new RecordingOutcome();
      worker.enqueue(task(1, running));
      worker.enqueue(task(2, second));
      worker.enqueue(task(3, third));

      Future<Void> stopped = worker.stop();

      assertThat(worker.state()).isEqualTo(WorkerState.DRAINING);
      assertThat(second.failure()).isInstanceOf(PoolUnavailableException.class).hasMessageContaining("draining");
      assertThat(second.failure().failureCode()).isEqualTo(FailureCodes.POOL_UNAVAILABLE);
      assertThat(third.failure()).isInstanceOf(PoolUnavailableException.class);
      assertThat(running.isDone()).isFalse();
      assertThat(process.gotShutdown()).as("at once: the child finishes its task, then exits").isTrue();

      process.succeed(1);

      assertThat(running.succeeded()).isTrue();
      assertThat(process.lifelineClosedCalls()).isZero();
      assertThat(process.sentTaskIds()).containsExactly(1L);
      assertThat(worker.state()).isEqualTo(WorkerState.DRAINING);
      assertThat(launcher.launchCount()).as("no recycling while draining").isEqualTo(1);

      process.exit(0);
      assertThat(stopped.succeeded()).isTrue();
      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void aWorkerThatIgnoresShutdownGetsSigtermThenSigkill() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess process = launcher.last();
      Future<Void> stopped = worker.stop();

      clock.advance(SHUTDOWN_GRACE - 1);
      assertThat(process.kills()).isEmpty();
      clock.advance(1);
      assertThat(process.kills()).containsExactly(false);
      clock.advance(KILL_GRACE - 1);
      assertThat(process.kills()).containsExactly(false);
      clock.advance(1);
      assertThat(process.kills()).containsExactly(false, true);
      assertThat(stopped.isComplete()).isFalse();

      process.exit(9);

      assertThat(stopped.succeeded()).isTrue();
      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void theGraceTimersRunEvenWhileATaskNeverReturns() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess process = launcher.last();
      RecordingOutcome forever = new RecordingOutcome();
      worker.enqueue(task(1, forever));
      Future<Void> stopped = worker.stop();

      clock.advance(SHUTDOWN_GRACE);
      assertThat(process.kills()).containsExactly(false);
      clock.advance(KILL_GRACE);
      assertThat(process.kills()).containsExactly(false, true);
      process.exit(137);

      assertThat(stopped.succeeded()).isTrue();
      assertThat(forever.failure()).isInstanceOf(PoolUnavailableException.class)
        .hasMessageContaining("draining").hasMessageContaining("kill grace period of " + KILL_GRACE + " ms");
      assertThat(forever.failure().failureCode()).isEqualTo(FailureCodes.POOL_UNAVAILABLE);
    }

    @Test
    void stoppingAStartingWorkerKillsItAndFailsTheStart() {
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();
      FakeWorkerProcess process = launcher.last();

      Future<Void> stopped = worker.stop();

      assertThat(started.cause()).isInstanceOf(PoolUnavailableException.class)
        .hasMessageContaining("stopped while starting");
      assertThat(process.kills()).containsExactly(true);
      assertThat(stopped.isComplete()).isFalse();

      process.exit(9);

      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
      assertThat(stopped.succeeded()).isTrue();
      clock.advance(START_TIMEOUT * 2);
      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
      assertThat(listener.crashes).isEmpty();
      assertThat(listener.ready).isZero();
    }

    @Test
    void stopDuringLaunchKillsTheProcessOnArrival() {
      launcher.holdNext();
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();

      Future<Void> stopped = worker.stop();

      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
      assertThat(started.failed()).isTrue();
      assertThat(stopped.isComplete()).as("a process is still to arrive").isFalse();
      FakeWorkerProcess late = launcher.releaseHeld();
      assertThat(late.kills()).as("killed (SIGKILL), maybe twice: on arrival and by the stop")
        .isNotEmpty().containsOnly(true);
      assertThat(late.hasHandlers()).as("handlers only record its exit").isTrue();
      assertThat(stopped.isComplete()).as("the killed process has not reported its exit yet").isFalse();
      late.exit(9);
      assertThat(stopped.succeeded()).isTrue();
      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
    }

    /** What leaked a worker JVM once: the start timed out before the spawn arrived, then the pool stopped. */
    @Test
    void stopAfterStartTimeoutWaitsForTheSpawn() {
      launcher.holdNext();
      WorkerHandle worker = worker();
      Future<Void> started = worker.start();
      clock.advance(START_TIMEOUT);
      assertThat(started.failed()).isTrue();

      Future<Void> stopped = worker.stop();

      assertThat(stopped.isComplete()).as("a process is still to arrive").isFalse();
      FakeWorkerProcess late = launcher.releaseHeld();
      assertThat(late.kills()).as("killed (SIGKILL), maybe twice: on arrival and by the stop")
        .isNotEmpty().containsOnly(true);
      late.exit(9);
      assertThat(stopped.succeeded()).isTrue();
      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void stoppingAReplacingWorkerFailsItsMailbox() {
      WorkerHandle worker = idleWorker();
      RecordingOutcome queued = new RecordingOutcome();
      FakeWorkerProcess timedOut = launcher.last();
      worker.enqueue(task(1, 500, new RecordingOutcome()));
      worker.enqueue(task(2, queued));
      clock.advance(500);
      FakeWorkerProcess fresh = launcher.last();
      assertThat(worker.state()).isEqualTo(WorkerState.STARTING);

      Future<Void> stopped = worker.stop();

      assertThat(queued.failure()).isInstanceOf(PoolUnavailableException.class);
      assertThat(worker.isAccepting()).isFalse();
      assertThat(fresh.kills()).containsExactly(true);
      fresh.exit(9);
      assertThat(stopped.isComplete()).as("the killed process has not reported its exit yet").isFalse();
      timedOut.exit(9);
      assertThat(stopped.succeeded()).isTrue();
      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
    }

    @Test
    void stoppingACrashedWorkerCompletesAtOnce() {
      WorkerHandle worker = idleWorker();
      launcher.last().exit(1);

      Future<Void> stopped = worker.stop();

      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
      assertThat(stopped.succeeded()).isTrue();
    }

    @Test
    void protocolErrorWhileDrainingStopsTheWorker() {
      WorkerHandle worker = idleWorker();
      RecordingOutcome running = new RecordingOutcome();
      worker.enqueue(task(1, running));
      Future<Void> stopped = worker.stop();

      launcher.last().succeed(42);

      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
      assertThat(running.failure()).isInstanceOf(WorkerCrashedException.class);
      assertThat(launcher.last().kills()).contains(true);
      launcher.last().exit(9);
      assertThat(stopped.succeeded()).isTrue();
      assertThat(listener.crashes).as("a stopping worker is not reported as crashed").isEmpty();
    }

    @Test
    void anExitWhileDrainingFailsTheRunningTaskOnceAndStops() {
      WorkerHandle worker = idleWorker();
      RecordingOutcome running = new RecordingOutcome();
      worker.enqueue(task(1, running));
      Future<Void> stopped = worker.stop();

      launcher.last().exit(3);

      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
      assertThat(running.completions()).isEqualTo(1);
      assertThat(running.failure()).hasMessageContaining("worker-0").hasMessageContaining("3");
      assertThat(stopped.succeeded()).isTrue();
      assertThat(listener.crashes).isEmpty();
    }

    /**
     * BUG (reported): {@code WorkerHandle.onTaskTimeout} calls {@code replace(...)} without looking at the state. When
     * the task that times out is the one a DRAINING worker is finishing, the slot spawns a fresh process, goes back to
     * STARTING with {@code replacing = true} (so it accepts tasks again) and then IDLE on ready; the killed process's
     * exit is ignored (new generation), so the stop future never completes and the pool's undeploy hangs.
     */
    @Test
    void timeoutWhileDrainingEndsTheWorker() {
      WorkerHandle worker = idleWorker();
      FakeWorkerProcess process = launcher.last();
      RecordingOutcome slow = new RecordingOutcome();
      worker.enqueue(task(1, 500, slow));
      Future<Void> stopped = worker.stop();

      clock.advance(500);

      assertThat(slow.failure()).isInstanceOf(TaskTimeoutException.class);
      assertThat(process.kills()).contains(true);
      assertThat(launcher.launchCount()).as("no new process for a stopping worker").isEqualTo(1);
      assertThat(worker.isAccepting()).isFalse();
      process.exit(9);
      assertThat(worker.state()).isEqualTo(WorkerState.STOPPED);
      assertThat(stopped.succeeded()).isTrue();
    }
  }
}
