package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.impl.Clock;
import io.phalanx.parallel.impl.channel.WorkerChannel;
import io.phalanx.parallel.protocol.FrameCodec;

import java.util.function.Consumer;

/**
 * What a slot watches in its current process beyond its exit: its heartbeat ({@link HeartbeatWatch}), and, before
 * the slot kills it for a task timeout or for being unresponsive, where its task was ({@link StackCollector}). It
 * decides those two kills for its slot ({@link SlotLifecycle}), as {@link SlotEvents} routes its frames. Confined to
 * the supervisor's context.
 */
final class SlotWatch {

  private final SlotLifecycle lifecycle;
  private final SlotTasks tasks;
  private final Clock clock;
  private final FrameCodec codec;
  private final long heartbeatTimeout;
  private final long stackDumpTimeout;
  /** A JVM started with {@code -Xrs} would die of SIGQUIT instead of printing its threads. */
  private final boolean sigquit;
  private HeartbeatWatch heartbeat;

  SlotWatch(SlotLifecycle lifecycle, SlotTasks tasks, ParallelConfig config, Clock clock, FrameCodec codec) {
    this.lifecycle = lifecycle;
    this.tasks = tasks;
    this.clock = clock;
    this.codec = codec;
    this.heartbeatTimeout = config.getHeartbeatTimeout();
    this.stackDumpTimeout = config.getStackDumpTimeout();
    this.sigquit = config.getJvmOptions().stream()
      .noneMatch(option -> option.equals("-Xrs") || option.contains("ReduceSignalUsage"));
  }

  /**
   * How often a worker beats: every {@code heartbeatInterval}, or every quarter of the timeout when that is shorter,
   * so that a beat or two late never looks like silence; 0 (no beats) when the timeout is off.
   */
  static long beatInterval(ParallelConfig config) {
    long timeout = config.getHeartbeatTimeout();
    return timeout <= 0 ? 0 : Math.min(config.getHeartbeatInterval(), Math.max(1, timeout / 4));
  }

  /** The slot's process is ready: from now on, a silence of the heartbeat timeout makes it unresponsive. */
  void watch(WorkerChannel channel) {
    stop();
    if (heartbeatTimeout > 0) {
      long gen = lifecycle.generation();
      heartbeat = HeartbeatWatch.start(clock, heartbeatTimeout, channel::framesRead, () -> unresponsive(gen));
    }
  }

  /** The slot leaves its process, or is about to kill it. */
  void stop() {
    if (heartbeat != null) {
      heartbeat.stop();
      heartbeat = null;
    }
  }

  /**
   * The process sent nothing for the heartbeat timeout: it is a crash whose reason starts with "unresponsive", once
   * the process has told where its task is, or could not.
   */
  private void unresponsive(long gen) {
    heartbeat = null;
    if (gen != lifecycle.generation() || !lifecycle.live()) {
      return;
    }
    // its task is not timed out meanwhile: it fails with the crash
    tasks.cancelTaskTimer();
    String reason = "unresponsive: sent no frame for " + heartbeatTimeout
      + " ms (ParallelConfig.setHeartbeatTimeout), killed";
    collect(lifecycle.channel(), tasks.runningTaskId(), stack -> {
      if (gen == lifecycle.generation()) {
        lifecycle.crash(reason, stack);
      }
    });
  }

  /** @see TaskSlot#killForTimeout */
  void killForTimeout(long taskId, String reason, Consumer<StackTraceElement[]> then) {
    if (lifecycle.state() == WorkerState.DRAINING) {
      WorkerChannel current = lifecycle.channel();
      collect(current, taskId, stack -> {
        current.process().kill(true);
        then.accept(stack);
      });
      return;
    }
    // the new process starts at once; the old one is killed once it has told where its task is, or could not
    WorkerChannel old = lifecycle.swap(reason);
    old.detach();
    collect(old, taskId, stack -> {
      old.close();
      old.process().kill(true);
      then.accept(stack);
    });
  }

  /** Learns where task {@code taskId} (-1 for none) is in the process of {@code channel} before it is killed. */
  private void collect(WorkerChannel channel, long taskId, Consumer<StackTraceElement[]> then) {
    stop();
    StackCollector.collect(channel, taskId, codec, clock, stackDumpTimeout, sigquit, then);
  }
}
