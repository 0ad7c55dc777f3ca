package io.phalanx.parallel.worker;

import io.phalanx.parallel.protocol.ProgressFrame;
import io.phalanx.parallel.task.TaskScope;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
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
  /** Set, under the writer's lock, as the task's answer is written. */
  private boolean ended;
  private final ServiceDirectory services;
  /** The propagation headers of the task's span in the parent; {@code null} when it is not traced. */
  private final Map<String, String> trace;
  /** A traced task's proxies, which carry its trace context: built on first use, for this task only. */
  private Map<Class<?>, Object> tracedProxies;
  private volatile boolean cancelled;

  WorkerTaskScope(long taskId, String workerId, Supplier<Vertx> vertx, FrameWriter writer, ServiceDirectory services) {
    this(taskId, workerId, vertx, writer, services, null);
  }

  WorkerTaskScope(long taskId, String workerId, Supplier<Vertx> vertx, FrameWriter writer, ServiceDirectory services,
                  Map<String, String> trace) {
    this.services = services;
    this.trace = trace;
    this.taskId = taskId;
    this.workerId = workerId;
    this.vertx = vertx;
    this.writer = writer;
  }

  @Override
  public <S> S service(Class<S> type) {
    if (trace == null) {
      return services.service(type);
    }
    synchronized (this) {
      if (tracedProxies == null) {
        tracedProxies = new HashMap<>();
      }
      Object proxy = tracedProxies.get(type);
      if (proxy == null) {
        proxy = services.service(type, trace);
        tracedProxies.put(type, proxy);
      }
      return type.cast(proxy);
    }
  }

  @Override
  public Map<String, String> traceContext() {
    return trace == null ? Map.of() : trace;
  }

  /**
   * @throws IllegalStateException once the task has returned: a thread it left behind must not send progress after
   *                               its answer (the parent takes a frame for a task it is not running for a broken worker,
   *                               and the task running then would fail with it)
   */
  @Override
  public void progress(Object update) {
    try {
      byte[] frame = writer.encode(new ProgressFrame(taskId, update));
      synchronized (writer) {
        if (ended) {
          throw new IllegalStateException("task " + taskId + " has returned: progress is reported only while a task "
            + "runs");
        }
        // held back a moment like a quick task's answer: a burst of updates costs one write, not one each
        writer.writeEncoded(frame, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot send progress update of task " + taskId + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the task's answer, after which no progress of it is written: under the writer's lock, so that an update
   * from another thread of the task is either before the answer or refused.
   */
  void endWith(byte[] answer, boolean mayHold) throws IOException {
    synchronized (writer) {
      ended = true;
      writer.writeEncoded(answer, mayHold);
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
