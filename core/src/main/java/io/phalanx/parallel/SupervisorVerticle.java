package io.phalanx.parallel;

import io.phalanx.parallel.impl.VertxClock;
import io.phalanx.parallel.impl.cds.ClassDataSharing;
import io.phalanx.parallel.impl.channel.ChannelServer;
import io.phalanx.parallel.impl.channel.JdkProcessLauncher;
import io.phalanx.parallel.impl.client.LocalPools;
import io.phalanx.parallel.impl.cluster.NodeNames;
import io.phalanx.parallel.impl.codec.Codecs;
import io.phalanx.parallel.impl.pool.PoolMetricsRecorder;
import io.phalanx.parallel.impl.pool.WorkerPool;
import io.phalanx.parallel.impl.services.ParentServiceBridge;
import io.phalanx.parallel.impl.supervisor.CancelHandler;
import io.phalanx.parallel.impl.supervisor.ClusterAnnouncer;
import io.phalanx.parallel.impl.supervisor.RequestHandler;
import io.phalanx.parallel.impl.supervisor.ResizeHandler;
import io.phalanx.parallel.impl.supervisor.StatsHandler;
import io.phalanx.parallel.impl.tracing.TaskTracing;
import io.phalanx.parallel.service.ServiceBundle;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.Measured;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Owns a pool of worker JVMs and serves it on the event bus.
 * <p>
 * {@code vertx.deployVerticle(new SupervisorVerticle(config))}, or deploy {@code new SupervisorVerticle()} with the
 * configuration's JSON form as the deployment config. Start completes once every worker has sent {@code ready}, or
 * fails saying why one could not start. The pool then serves its address (default {@value
 * ParallelConfig#DEFAULT_ADDRESS}) and {@code <address>.worker.<n>} for worker {@code n} (from 0; an index no worker
 * holds at the moment answers 503), and resizes on {@code <address>.resize} ({@link Parallel#resize}).
 * <p>
 * Lifecycle events (started, crashed, restarting, recycled, gave_up, stopping, added, retiring, removed, and
 * archive_created or archive_failed
 * for the workers' class-data-sharing archive, see {@link ParallelConfig#setClassDataSharing}) are published as JSON on
 * {@code <address>.events}, each with the node's name ({@link ParallelConfig#setNodeName}); a request on
 * {@code <address>.stats} is answered with the node's name and each worker's state, pid, mailbox depth, tasks done
 * and restarts, and one with {@code {"scope": "cluster"}} (or on {@code <address>.stats.all}) with every node's. The
 * {@code docs/event-bus-api.md} documents them.
 * <p>
 * The configuration is checked when the verticle starts ({@link ParallelConfig#validate()}): settings that conflict
 * fail the deployment before any worker starts.
 * <p>
 * Undeploying drains the pool: running tasks finish, queued tasks and new requests fail with
 * {@link PoolUnavailableException}, and undeploy completes when every child has exited.
 * <p>
 * The pool's services ({@link ParallelConfig#addParentService(ParentService)},
 * {@link ParallelConfig#addLocalService}, and the {@link ServiceBundle}s named in
 * {@link ParallelConfig#setServiceBundles}) are set up before any worker starts: the local services are built and the
 * parent services built and bound with {@code ServiceBinder}; a service or bundle that cannot be loaded or built fails
 * the start with {@link IllegalArgumentException}. The parent services are unbound (and closed when
 * {@link AutoCloseable}) once the pool has drained. Workers reach those addresses, and only those.
 * <p>
 * Where Vert.x has a tracer, each task gets a span ({@link ParallelConfig#setTracingPolicy}); see
 * {@code docs/tracing.md}.
 * <p>
 * Deploy one instance per address: every instance would start a pool of its own.
 * <p>
 * On a clustered Vert.x, each node may deploy a supervisor on the same address: the pool then spans the nodes. Each
 * supervisor also serves {@code <address>.node.<nodeId>} and announces its spare capacity on
 * {@code <address>.capacity} (see {@link ParallelConfig#setAnnounceInterval}), by which {@link Parallel} clients on
 * any node route their tasks. {@code docs/cluster.md} describes the routing and its limits.
 * <p>
 * When Vert.x runs with metrics, the pool reports through the metrics SPI as a pool of type {@code "process"} named
 * after its address (with vertx-micrometer-metrics: the {@code vertx_pool_*} meters), plus its own Micrometer meters
 * when Micrometer is on the class path; {@code docs/operations.md} lists them.
 */
public class SupervisorVerticle extends VerticleBase implements Measured {

  private final ParallelConfig given;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();
  private WorkerPool pool;
  private ParentServiceBridge services;
  /** Where the workers join their private channels. */
  private ChannelServer channels;
  /** Only on a clustered Vert.x. */
  private ClusterAnnouncer announcer;
  private ClassDataSharing classData;
  private PoolMetricsRecorder metrics;
  /** While the pool serves on a non-clustered Vert.x: how {@code Parallel} clients of this Vert.x reach it. */
  private LocalPools.Entry local;
  /** The node's readable name in stats, events and announcements. */
  private String nodeName;

  /**
   * A supervisor configured by the deployment's JSON config ({@link ParallelConfig#toJson()} form; defaults where
   * it is empty).
   */
  public SupervisorVerticle() {
    this.given = null;
  }

  public SupervisorVerticle(ParallelConfig config) {
    this.given = new ParallelConfig(Objects.requireNonNull(config, "config must not be null"));
  }

  @Override
  public Future<?> start() {
    ParallelConfig config;
    try {
      config = (given != null ? given : new ParallelConfig(config())).validate();
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Codecs.register(vertx);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    String events = config.getAddress() + ".events";
    nodeName = NodeNames.of(config);
    try {
      // the service bundles first: an unknown class or a bad declaration fails the deployment before any spawn
      services = ParentServiceBridge.create(vertx, config,
        loader != null ? loader : SupervisorVerticle.class.getClassLoader());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    channels = new ChannelServer(vertx, context, config.getMaxFrameBytes());
    try {
      pool = new WorkerPool(config, new JdkProcessLauncher(context, channels, config.getWorkerNice()),
        new VertxClock(context),
        loader != null ? loader : SupervisorVerticle.class.getClassLoader(),
        event -> vertx.eventBus().publish(events, event.put("node", nodeName)));
      if (vertx.isClustered()) {
        announcer = new ClusterAnnouncer(vertx, pool, config, nodeName);
      }
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    pool.services(services);
    classData = ClassDataSharing.create(vertx, context, config, pool, channels,
      event -> vertx.eventBus().publish(events, event.put("node", nodeName)));
    metrics = PoolMetricsRecorder.create(((VertxInternal) vertx).metrics(), config.getAddress(), pool.maxSize());
    pool.metrics(metrics);
    pool.tracing(TaskTracing.of(vertx, config));
    // parent services are bound before the workers start, so a worker may call them from its first task on
    return channels.listen()
      .compose(v -> services.bind())
      .compose(v -> classData.prepare())
      .compose(v -> pool.start())
      .recover(e -> services.unbind().eventually(() -> channels.close()).andThen(x -> metrics.close())
        .transform(x -> Future.failedFuture(e)))
      .compose(v -> serve(config))
      // trained once the workers are up, so it does not compete with their start
      .onSuccess(v -> classData.trainInBackground());
  }

  private Future<Void> serve(ParallelConfig config) {
    EventBus eventBus = vertx.eventBus();
    consumers.add(eventBus.consumer(config.getAddress(), new RequestHandler(pool, -1, eventBus)));
    // every index a worker of the pool may ever have: one not in use answers 503
    for (int i = 0; i < pool.maxSize(); i++) {
      consumers.add(eventBus.consumer(config.getAddress() + ".worker." + i, new RequestHandler(pool, i, eventBus)));
    }
    consumers.add(eventBus.consumer(config.getAddress() + ".cancel", new CancelHandler(pool)));
    consumers.add(eventBus.consumer(config.getAddress() + ".resize", new ResizeHandler(pool)));
    consumers.add(eventBus.consumer(config.getAddress() + ".stats", stats(StatsHandler.Scope.ASKED)));
    consumers.add(eventBus.consumer(config.getAddress() + ".stats.all", stats(StatsHandler.Scope.CLUSTER)));
    List<Future<Void>> registrations = new ArrayList<>();
    for (MessageConsumer<Object> consumer : consumers) {
      registrations.add(consumer.completion());
    }
    if (announcer != null) {
      registrations.add(announcer.start(stats(StatsHandler.Scope.NODE)));
    }
    return Future.all(registrations).<Void>mapEmpty().andThen(ar -> {
      if (ar.succeeded() && !vertx.isClustered()) {
        local = LocalPools.register(vertx, config.getAddress(), context, pool);
      }
    });
  }

  private StatsHandler stats(StatsHandler.Scope scope) {
    String nodeId = announcer != null ? announcer.nodeId() : null;
    return new StatsHandler(vertx, pool.address(), () -> {
      JsonObject stats = pool.stats().put("services", services.stats()).put("node", nodeName);
      return nodeId != null ? stats.put("nodeId", nodeId) : stats;
    }, nodeId, scope);
  }

  @Override
  public Future<?> stop() {
    if (pool == null) {
      return Future.succeededFuture();
    }
    if (local != null) {
      // from now on local clients go through the event bus too, where the consumers answer 503 during the drain
      LocalPools.unregister(vertx, pool.address(), local);
      local = null;
    }
    if (announcer != null) {
      // clients stop routing here at once; what is already on its way still gets an answer
      announcer.leave();
    }
    // the consumers stay until the drain is over, so requests meanwhile get 503 instead of "no handlers"
    return pool.stop().eventually(() -> {
      List<Future<Void>> unregistrations = new ArrayList<>();
      for (MessageConsumer<Object> consumer : consumers) {
        unregistrations.add(consumer.unregister());
      }
      if (announcer != null) {
        unregistrations.add(announcer.close());
      }
      return Future.join(unregistrations);
    }).eventually(() -> services.unbind()).eventually(() -> classData.stop()).eventually(() -> channels.close())
      .andThen(v -> metrics.close());
  }

  /**
   * @return whether the pool reports to the Vert.x metrics SPI: Vert.x runs with metrics and the pool has started
   */
  @Override
  public boolean isMetricsEnabled() {
    return metrics != null && metrics.isMetricsEnabled();
  }
}
