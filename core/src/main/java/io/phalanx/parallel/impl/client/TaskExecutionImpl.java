package io.phalanx.parallel.impl.client;

import com.fasterxml.jackson.databind.ObjectReader;
import io.phalanx.parallel.EventBusHeaders;
import io.phalanx.parallel.TaskExecution;
import io.phalanx.parallel.impl.InOrder;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.impl.codec.RequestIds;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.phalanx.parallel.task.Task;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * A submitted task. Sends the request with a random request id (for cancellation) and, when progress is wanted, the
 * progress address the request owns, {@code <address>.progress.<request id>}, which it consumes. The reply says how
 * many updates were sent, so the result is held back until every update has been handed to the progress handler, for
 * at most {@link #PROGRESS_WAIT_MS}: an update lost on its way must not hold the result forever. Everything runs on the
 * submitting context.
 */
final class TaskExecutionImpl<R> implements TaskExecution<R> {

  /** How long a result waits, once the reply is in, for progress updates still on their way. */
  static final long PROGRESS_WAIT_MS = 2_000;

  private final ParallelImpl parallel;
  private final Context context;
  private final Task<R> task;
  private final String requestId = RequestIds.random();
  private final Promise<R> result = Promise.promise();
  /** Completes once the request is on the event bus: a cancel must not overtake it. */
  private final Promise<Void> sent = Promise.promise();
  private MessageConsumer<Object> progressConsumer;
  /** Reads an update into the form its handler takes; may throw, when it does not fit. */
  private Function<Object, Object> progressReader;
  private Handler<Object> progressHandler;
  /** The updates in the order they came: a large one is read on a worker thread, and those after it wait for it. */
  private final InOrder progressInOrder = new InOrder();
  /** Updates handed to the handler (or dropped, without one): the result waits for them all. */
  private int progressReceived;
  private int progressExpected = -1;
  private Message<Object> reply;

  private TaskExecutionImpl(ParallelImpl parallel, Task<R> task) {
    this.parallel = parallel;
    this.context = parallel.vertx().getOrCreateContext();
    this.task = task;
  }

  static <R> TaskExecutionImpl<R> start(ParallelImpl parallel, Task<R> task, DeliveryOptions options,
                                        boolean withProgress) {
    TaskExecutionImpl<R> execution = new TaskExecutionImpl<>(parallel, task);
    execution.context.runOnContext(v -> execution.send(new DeliveryOptions(options), withProgress));
    return execution;
  }

  private void send(DeliveryOptions options, boolean withProgress) {
    options.addHeader(EventBusHeaders.REQUEST_ID, requestId);
    Future<Void> ready = Future.succeededFuture();
    if (withProgress) {
      String progressAddress = parallel.address() + ".progress." + requestId;
      progressConsumer = parallel.vertx().eventBus().consumer(progressAddress, this::onProgress);
      options.addHeader(EventBusHeaders.PROGRESS_ADDRESS, progressAddress);
      ready = progressConsumer.completion();
    }
    ready.compose(v -> {
      Future<Message<Object>> answer = parallel.send(task, options);
      sent.tryComplete();
      return answer;
    }).onComplete(ar -> {
      sent.tryComplete();
      if (ar.failed()) {
        finish(Future.failedFuture(ar.cause()));
        return;
      }
      reply = ar.result();
      progressExpected = progressCount(reply);
      completeWhenAllProgressArrived();
      if (reply != null) {
        parallel.vertx().setTimer(PROGRESS_WAIT_MS, id -> {
          progressExpected = progressReceived;
          completeWhenAllProgressArrived();
        });
      }
    });
  }

  private static int progressCount(Message<Object> reply) {
    try {
      String count = reply.headers().get(EventBusHeaders.PROGRESS_COUNT);
      return count == null ? 0 : Integer.parseInt(count);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void onProgress(Message<Object> message) {
    // the acknowledgement: the pool sends this task's next update only once this one was handed over
    if (message.replyAddress() != null) {
      message.reply(null);
    }
    // the pool sends a Parallel client each update as the bytes the worker wrote (TaskValue)
    Object body = message.body();
    Object update = body instanceof JsonObject json ? json.getValue("progress") : body;
    boolean large = update instanceof TaskValue value && value.isLarge() && wanted();
    progressInOrder.run(() -> {
      Function<Object, Object> reader = progressReader;
      Future<Object> read = !wanted() ? Future.succeededFuture()
        : large ? context.executeBlocking(() -> reader.apply(update), false)
        : readHere(reader, update);
      return read.transform(this::handOver);
    });
  }

  private static Future<Object> readHere(Function<Object, Object> reader, Object update) {
    try {
      return Future.succeededFuture(reader.apply(update));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Hands a read update to the handler; one that could not be read (or a handler that throws) is reported. */
  private Future<Void> handOver(AsyncResult<Object> read) {
    try {
      if (read.failed()) {
        ((ContextInternal) context).reportException(read.cause());
      } else if (wanted()) {
        progressHandler.handle(read.result());
      }
    } catch (RuntimeException e) {
      ((ContextInternal) context).reportException(e);
    } finally {
      // a handler that throws (or an update that does not fit its type) must not hold the result back
      progressReceived++;
      completeWhenAllProgressArrived();
    }
    return Future.succeededFuture();
  }

  /** Whether an update is still to be handed over: to a handler, before the result. */
  private boolean wanted() {
    return progressHandler != null && !result.future().isComplete();
  }

  private void completeWhenAllProgressArrived() {
    if (reply != null && progressReceived >= progressExpected) {
      Message<Object> answered = reply;
      reply = null;
      parallel.readOnCaller(task, answered).onComplete(this::finish);
    }
  }

  private void finish(AsyncResult<R> outcome) {
    if (progressConsumer != null) {
      progressConsumer.unregister();
    }
    if (outcome.succeeded()) {
      result.tryComplete(outcome.result());
    } else {
      result.tryFail(outcome.cause());
    }
  }

  @Override
  public Future<R> result() {
    return result.future();
  }

  @Override
  public TaskExecution<R> progressHandler(Handler<Object> handler) {
    this.progressReader = update -> update instanceof TaskValue value ? value.toVertx() : update;
    this.progressHandler = handler;
    return this;
  }

  /** Reads each update once, from its bytes, straight into {@code type}. */
  @Override
  public <P> TaskExecution<R> progressHandler(Class<P> type, Handler<P> handler) {
    ObjectReader reader = TaskValue.reader(type);
    this.progressReader = update -> update instanceof TaskValue value ? read(value, reader)
      : Codecs.MAPPER.convertValue(plain(update), type);
    this.progressHandler = untyped(handler);
    return this;
  }

  /** {@code handler} for what {@link #progressReader} read for it. */
  @SuppressWarnings("unchecked")
  private static <P> Handler<Object> untyped(Handler<P> handler) {
    return update -> handler.handle((P) update);
  }

  private static <P> P read(TaskValue value, ObjectReader reader) {
    try {
      return value.read(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object plain(Object json) {
    if (json instanceof JsonObject object) {
      return object.getMap();
    }
    if (json instanceof JsonArray array) {
      return array.getList();
    }
    return json;
  }

  @Override
  public Future<Boolean> cancel() {
    Promise<Boolean> cancelled = Promise.promise();
    sent.future().onComplete(v -> parallel.cancel(requestId).onComplete(cancelled));
    return cancelled.future();
  }
}
