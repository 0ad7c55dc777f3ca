package io.phalanx.parallel.worker;

import io.phalanx.parallel.TaskScope;
import io.phalanx.parallel.protocol.ProgressFrame;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * The scope of one running task.
 */
final class WorkerTaskScope implements TaskScope {

  private final long taskId;
  private final String workerId;
  /** Started on first use: most tasks never need it. */
  private final Supplier<Vertx> vertx;
  private final FrameWriter writer;
  private final ServiceDirectory services;
  private volatile boolean cancelled;

  WorkerTaskScope(long taskId, String workerId, Supplier<Vertx> vertx, FrameWriter writer, ServiceDirectory services) {
    this.services = services;
    this.taskId = taskId;
    this.workerId = workerId;
    this.vertx = vertx;
    this.writer = writer;
  }

  @Override
  public <S> S service(Class<S> type) {
    return services.service(type);
  }

  @Override
  public void progress(Object update) {
    try {
      // held back a moment like a quick task's answer: a burst of updates costs one write, not one each
      writer.writeEncoded(writer.encode(new ProgressFrame(taskId, update)), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send progress update of task " + taskId + ": " + e.getMessage(), e);
    }
  }

  long taskId() {
    return taskId;
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
  }

  @Override
  public String workerId() {
    return workerId;
  }

  @Override
  public Vertx vertx() {
    return vertx.get();
  }
}
