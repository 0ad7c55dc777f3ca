package io.phalanx.parallel.impl.supervisor;

import io.phalanx.parallel.impl.InOrder;
import io.phalanx.parallel.impl.codec.TaskResultMessageCodec;
import io.phalanx.parallel.impl.codec.TaskValue;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Sends one request's progress updates to the address the request owns, as {@code {"seq": n, "progress": value}},
 * in the order the task sent them. Runs on the supervisor's context.
 * <p>
 * An update of {@link TaskValue#LARGE_BYTES} or more is turned into Vert.x JSON, and sent (Vert.x copies the message
 * for a receiver in this JVM on the sending thread), on a worker thread: the supervisor's loop serves every worker's
 * frames, and building a 20 MB update there held up every other worker's tasks for seconds. The updates after it wait for it, and so does the request's answer ({@link #afterSent}), so that the
 * receiver still sees every update, in order, before the result.
 * <p>
 * A {@code Parallel} client (a request whose task is not JSON) gets each update as the bytes the worker wrote, in the
 * result codec ({@link TaskValue}), and reads them once, on its own context, into its handler's type: no JSON is
 * built here for it at all.
 */
final class ProgressSender {

  private static final System.Logger LOG = System.getLogger("io.phalanx.parallel.supervisor");
  /** How long a progress update waits for its receiver's acknowledgement before the next one may go. */
  static final long ACK_TIMEOUT_MS = 1_000;
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);
  private static final DeliveryOptions RAW_OPTIONS = new DeliveryOptions(OPTIONS)
    .setCodecName(TaskResultMessageCodec.NAME);

  private final EventBus eventBus;
  private final String address;
  private final String poolAddress;
  /** Whether the receiver takes updates as {@link TaskValue}s. */
  private final boolean raw;
  private int sent;
  /** The updates in the order the task sent them: those after a large one wait until it is sent (or dropped). */
  private final InOrder order = new InOrder();

  ProgressSender(EventBus eventBus, String address, String poolAddress, boolean raw) {
    this.eventBus = eventBus;
    this.address = address;
    this.poolAddress = poolAddress;
    this.raw = raw;
  }

  /**
   * @return completes once the receiver has acknowledged the update, or after {@link #ACK_TIMEOUT_MS} without it, or
   * at once when the update could not be turned into JSON (it is then dropped, and not counted)
   */
  Future<Void> send(TaskValue update) {
    if (raw) {
      sent++;
      return eventBus.request(address, update, RAW_OPTIONS).transform(ar -> Future.succeededFuture());
    }
    Context context = Vertx.currentContext();
    // a small update after none on its way is built and sent here, at once
    return order.run(() -> handOver(update, context)).compose(acknowledgement -> acknowledgement);
  }

  /**
   * Sends the update: a large one is built, and sent (Vert.x copies or encodes the message on the sending thread), on
   * a worker thread.
   *
   * @return completes once the update is sent or dropped, with the future of its acknowledgement
   */
  private Future<Future<Void>> handOver(TaskValue update, Context context) {
    int seq = sent + 1;
    // a request, so that the receiver's reply paces the updates (PendingTask keeps a window of them on their way);
    // a receiver that never replies gets the next one ACK_TIMEOUT_MS later
    return update.toVertx(context, json -> eventBus.request(address,
        new JsonObject().put("seq", seq).put("progress", json), OPTIONS))
      .transform(request -> {
        if (request.failed()) {
          return Future.succeededFuture(dropped(request.cause()));
        }
        sent = seq;
        return Future.succeededFuture(request.result().transform(ar -> Future.<Void>succeededFuture()));
      });
  }

  /** How many updates went to the receiver: the count the answer carries. */
  int sent() {
    return sent;
  }

  /** Runs {@code action} once every update accepted so far has been sent or dropped. */
  void afterSent(Runnable action) {
    order.whenDone(action);
  }

  private Future<Void> dropped(Throwable why) {
    LOG.log(System.Logger.Level.WARNING, "pool '" + poolAddress + "' dropped a progress update: " + why);
    return Future.succeededFuture();
  }
}
