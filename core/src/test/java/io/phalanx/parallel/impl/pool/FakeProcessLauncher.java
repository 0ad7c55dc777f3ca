package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.channel.ProcessLauncher;
import io.phalanx.parallel.impl.channel.WorkerProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A launcher that starts no process: each launch yields a {@link FakeWorkerProcess} the test drives, or fails, or is
 * held until the test releases it. Every launch is recorded with its arguments.
 */
final class FakeProcessLauncher implements ProcessLauncher {

  /** One call of {@link #launch}. */
  record Launch(String command, List<String> args, FakeWorkerProcess process) {

    /** The value following {@code --worker-id}. */
    String workerId() {
      int i = args.indexOf("--worker-id");
      return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }
  }

  private final List<Launch> launches = new ArrayList<>();
  private final Deque<Throwable> failures = new ArrayDeque<>();
  private final Deque<Promise<WorkerProcess>> held = new ArrayDeque<>();
  private boolean holdNext;
  private boolean holdChannels;
  private long nextPid = 1000;

  @Override
  public Future<WorkerProcess> launch(String command, List<String> args) {
    if (!failures.isEmpty()) {
      launches.add(new Launch(command, List.copyOf(args), null));
      return Future.failedFuture(failures.poll());
    }
    FakeWorkerProcess process = new FakeWorkerProcess(nextPid++, List.copyOf(args), holdChannels);
    launches.add(new Launch(command, List.copyOf(args), process));
    if (holdNext) {
      holdNext = false;
      Promise<WorkerProcess> promise = Promise.promise();
      held.add(promise);
      return promise.future();
    }
    return Future.succeededFuture(process);
  }

  /** The next launch fails with {@code cause}. */
  FakeProcessLauncher failNext(Throwable cause) {
    failures.add(cause);
    return this;
  }

  /** The processes launched from now on join their channels only when the test says so. */
  FakeProcessLauncher holdChannels() {
    holdChannels = true;
    return this;
  }

  /** The next launch returns a future that completes only on {@link #releaseHeld()}. */
  FakeProcessLauncher holdNext() {
    holdNext = true;
    return this;
  }

  /** Completes the oldest held launch with its process. */
  FakeWorkerProcess releaseHeld() {
    Promise<WorkerProcess> promise = held.poll();
    if (promise == null) {
      throw new IllegalStateException("no launch is held");
    }
    Launch launch = launches.stream().filter(l -> l.process() != null).reduce((a, b) -> b).orElseThrow();
    promise.complete(launch.process());
    return launch.process();
  }

  List<Launch> launches() {
    return List.copyOf(launches);
  }

  int launchCount() {
    return launches.size();
  }

  /** Every process launched, oldest first. */
  List<FakeWorkerProcess> processes() {
    return launches.stream().map(Launch::process).filter(p -> p != null).toList();
  }

  /** The processes launched for one worker id, oldest first. */
  List<FakeWorkerProcess> processesOf(String workerId) {
    return launches.stream().filter(l -> workerId.equals(l.workerId()) && l.process() != null)
      .map(Launch::process).toList();
  }

  FakeWorkerProcess last() {
    List<FakeWorkerProcess> all = processes();
    if (all.isEmpty()) {
      throw new IllegalStateException("nothing was launched");
    }
    return all.get(all.size() - 1);
  }

  /** The newest process of one worker. */
  FakeWorkerProcess lastOf(String workerId) {
    List<FakeWorkerProcess> all = processesOf(workerId);
    if (all.isEmpty()) {
      throw new IllegalStateException("nothing was launched for " + workerId);
    }
    return all.get(all.size() - 1);
  }

  /**
   * Starts {@code pool} with its workers' processes from this launcher and has each of them send ready.
   *
   * @throws AssertionError when the pool has not started then
   */
  void startWithReadyWorkers(WorkerPool pool) {
    Future<Void> started = pool.start();
    for (int i = 0; i < pool.size(); i++) {
      lastOf("worker-" + i).sendReady();
    }
    if (!started.succeeded()) {
      throw new AssertionError("the pool did not start once every worker was ready: " + started);
    }
  }

  long launchesOf(String workerId) {
    return launches.stream().filter(l -> workerId.equals(l.workerId())).count();
  }
}
