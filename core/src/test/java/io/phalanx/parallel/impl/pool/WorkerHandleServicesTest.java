package io.phalanx.parallel.impl.pool;

import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.WorkerCrashedException;
import io.phalanx.parallel.impl.channel.WorkerChannel;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.impl.services.ServiceCallHandler;
import io.phalanx.parallel.protocol.Frame;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.ServiceCallFrame;
import io.phalanx.parallel.protocol.ServiceResponseFrame;
import io.phalanx.parallel.service.ServiceFailureCodes;
import io.phalanx.parallel.impl.services.DeferredReply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a worker slot passes its process's {@code service_call} frames on and writes the responses back, on fakes.
 */
class WorkerHandleServicesTest {

  private final FakeClock clock = new FakeClock();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();

  /** Keeps the calls it gets; the test answers them. */
  private static final class HeldCalls implements ServiceCallHandler {
    final List<String> workers = new ArrayList<>();
    final List<ServiceCallFrame> calls = new ArrayList<>();
    final List<Handler<ServiceResponseFrame>> replies = new ArrayList<>();

    @Override
    public void handle(String workerId, ServiceCallFrame call, Handler<ServiceResponseFrame> reply) {
      workers.add(workerId);
      try {
        // as the parent's bridge does once it has checked the address
        calls.add(new ServiceCallFrame(call.id(), call.address(), call.headers(), call.decodedBody()));
      } catch (io.phalanx.parallel.protocol.ProtocolException e) {
        throw new AssertionError(e);
      }
      replies.add(reply);
    }
  }

  private WorkerHandle idleWorker(ParallelConfig config) {
    WorkerHandle worker = new WorkerHandle(2, "pool", config, new WorkerCommand(config), launcher, clock,
      new FrameCodec(Codecs.MAPPER, config.getMaxFrameBytes()), new WorkerHandle.Listener() {
        @Override
        public void ready(WorkerHandle worker, boolean replacement) {
        }

        @Override
        public void crashed(WorkerHandle worker, String reason, WorkerCrashedException failure,
                            List<PendingTask> queued) {
        }

        @Override
        public void replacing(WorkerHandle worker, String reason) {
        }
      });
    worker.start();
    launcher.last().sendReady();
    return worker;
  }

  private static ParallelConfig config() {
    return new ParallelConfig().setAddress("pool").setJavaCommand("java").setClasspath("/cp").setHeartbeatTimeout(0);
  }

  private static ServiceCallFrame call(long id) {
    return new ServiceCallFrame(id, "svc", Map.of("action", List.of("get")), new JsonObject().put("key", id));
  }

  private static List<ServiceResponseFrame> responses(FakeWorkerProcess process) {
    List<ServiceResponseFrame> responses = new ArrayList<>();
    for (Frame frame : process.written()) {
      if (frame instanceof ServiceResponseFrame response) {
        responses.add(response);
      }
    }
    return responses;
  }

  @Test
  void callReachesHandlerAndResponseComesBack() {
    HeldCalls handler = new HeldCalls();
    WorkerHandle worker = idleWorker(config());
    worker.services(handler);
    FakeWorkerProcess process = launcher.last();

    process.sendFrame(call(1)).sendFrame(call(2));
    assertThat(handler.calls).containsExactly(call(1), call(2));
    assertThat(handler.workers).containsExactly("worker-2", "worker-2");

    handler.replies.get(1).handle(ServiceResponseFrame.success(2, 20L));
    handler.replies.get(0).handle(ServiceResponseFrame.failure(1, 418, "teapot"));

    assertThat(responses(process)).containsExactly(ServiceResponseFrame.success(2, 20L),
      ServiceResponseFrame.failure(1, 418, "teapot"));
    assertThat(worker.state()).isEqualTo(WorkerState.IDLE);
  }

  /** A reply whose body notes the thread that reads it. */
  private static final class ReadWhere implements Message<Object> {
    final JsonObject body;
    volatile String readOn;

    ReadWhere(JsonObject body) {
      this.body = body;
    }

    @Override
    public Object body() {
      readOn = Thread.currentThread().getName();
      return body.copy();
    }

    @Override
    public String address() {
      return "svc";
    }

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap();
    }

    @Override
    public String replyAddress() {
      return null;
    }

    @Override
    public boolean isSend() {
      return true;
    }

    @Override
    public void reply(Object message, DeliveryOptions options) {
    }

    @Override
    public <R> Future<Message<R>> replyAndRequest(Object message, DeliveryOptions options) {
      return Future.failedFuture("not here");
    }
  }

  @Test
  void aServicesReplyIsReadAndWrittenOnAWorkerThreadNotTheEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Context context = vertx.getOrCreateContext();
      HeldCalls handler = new HeldCalls();
      ReadWhere reply = new ReadWhere(new JsonObject().put("rows", 3));
      CompletableFuture<List<ServiceResponseFrame>> written = new CompletableFuture<>();
      context.runOnContext(v -> {
        WorkerHandle worker = idleWorker(config());
        worker.services(handler);
        FakeWorkerProcess process = launcher.last();
        process.sendFrame(call(1));
        handler.replies.get(0).handle(ServiceResponseFrame.success(1, new DeferredReply(reply)));
        vertx.setPeriodic(1, id -> {
          if (!responses(process).isEmpty()) {
            vertx.cancelTimer(id);
            written.complete(responses(process));
          }
        });
      });

      assertThat(written.get(30, TimeUnit.SECONDS))
        .containsExactly(ServiceResponseFrame.success(1, new JsonObject().put("rows", 3)));
      // a large reply took the supervisor's loop, which every worker's frames go through, hundreds of ms
      assertThat(reply.readOn).startsWith("vert.x-worker-thread");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void withoutServicesEveryCallIsRefused() {
    idleWorker(config());
    FakeWorkerProcess process = launcher.last();

    process.sendFrame(call(5));

    List<ServiceResponseFrame> responses = responses(process);
    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).id()).isEqualTo(5);
    assertThat(responses.get(0).error().code()).isEqualTo(ServiceFailureCodes.REFUSED);
  }

  @Test
  void deadProcessResponseSkipsItsSuccessor() {
    HeldCalls handler = new HeldCalls();
    WorkerHandle worker = idleWorker(config());
    worker.services(handler);
    FakeWorkerProcess old = launcher.last();
    old.sendFrame(call(1));
    old.exit(1);
    clock.advance(WorkerChannel.EXIT_DRAIN_MS);
    worker.start();
    FakeWorkerProcess fresh = launcher.last();
    fresh.sendReady();

    handler.replies.get(0).handle(ServiceResponseFrame.success(1, "late"));

    assertThat(responses(fresh)).isEmpty();
    assertThat(responses(old)).isEmpty();
  }

  @Test
  void oversizedReplyIsAnsweredTooLarge() {
    HeldCalls handler = new HeldCalls();
    idleWorker(config().setMaxFrameBytes(1024)).services(handler);
    FakeWorkerProcess process = launcher.last();
    process.sendFrame(call(1));

    handler.replies.get(0).handle(ServiceResponseFrame.success(1, "x".repeat(4000)));

    assertThat(responses(process)).singleElement()
      .satisfies(r -> assertThat(r.error().code()).isEqualTo(ServiceFailureCodes.TOO_LARGE));
  }

  @Test
  void aServiceResponseFromTheChildIsAProtocolError() {
    WorkerHandle worker = idleWorker(config());

    launcher.last().sendFrame(ServiceResponseFrame.success(1, "x"));

    assertThat(worker.state()).isEqualTo(WorkerState.CRASHED);
    assertThat(worker.lastCrashReason()).contains("service_response");
  }
}
