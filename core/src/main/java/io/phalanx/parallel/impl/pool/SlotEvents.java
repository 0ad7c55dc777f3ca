package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.impl.channel.WorkerChannel;
import io.phalanx.parallel.impl.services.BoundedServiceCalls;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.protocol.ReadyFrame;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.TaskResponseFrame;

/**
 * Routes what a worker's current process says to the part of its slot that handles it: the state machine
 * ({@link SlotLifecycle}), the tasks ({@link SlotTasks}) or the service calls ({@link BoundedServiceCalls}). A channel
 * the slot has left is closed or detached and tells nothing more, so every event here is the current process's; its
 * frames matter only while the slot is live.
 */
final class SlotEvents implements WorkerChannel.Listener {

  private final SlotLifecycle lifecycle;
  private final SlotTasks tasks;
  private final BoundedServiceCalls services;

  SlotEvents(SlotLifecycle lifecycle, SlotTasks tasks, BoundedServiceCalls services) {
    this.lifecycle = lifecycle;
    this.tasks = tasks;
    this.services = services;
  }

  @Override
  public void ready(ReadyFrame ready) {
    if (!lifecycle.live()) {
      return;
    }
    if (lifecycle.state() != WorkerState.STARTING) {
      lifecycle.protocolError("sent a second ready frame");
    } else if (ready.protocolVersion() != FrameCodec.PROTOCOL_VERSION) {
      lifecycle.protocolError("speaks protocol version " + ready.protocolVersion() + ", the parent "
        + FrameCodec.PROTOCOL_VERSION + " (mixed phalanx-parallel versions on the class path?)");
    } else {
      lifecycle.onReady(ready);
    }
  }

  @Override
  public void response(TaskResponseFrame response) {
    if (lifecycle.live()) {
      tasks.onResponse(response);
    }
  }

  @Override
  public void responseOverLimit(long taskId, String why) {
    if (lifecycle.live()) {
      tasks.onResponseOverLimit(taskId, why);
    }
  }

  @Override
  public void progress(ProgressFrame progress) {
    if (lifecycle.live()) {
      tasks.onProgress(progress);
    }
  }

  @Override
  public void serviceCall(ServiceCallFrame call) {
    if (lifecycle.live()) {
      services.forward(lifecycle.channel(), call);
    }
  }

  @Override
  public void broken(String why) {
    lifecycle.crash(why, null);
  }

  @Override
  public void writable() {
    if (lifecycle.live()) {
      tasks.pump();
    }
  }

  @Override
  public void exited(int status) {
    lifecycle.exited(status);
  }
}
