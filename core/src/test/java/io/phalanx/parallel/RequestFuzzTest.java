package io.phalanx.parallel;

import io.phalanx.parallel.fixtures.Add;
import io.phalanx.parallel.fixtures.NotATask;
import io.phalanx.parallel.fuzzbait.OutsideTask;
import io.phalanx.parallel.task.TaskAllowlist;
import io.phalanx.parallel.testing.PoolTestBase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input gets a clear error: requests of many shapes, drawn from a seed, each answered at once, a bad one
 * with 400 and a message naming its problem, and no class outside the allowlist ever loaded or initialised.
 * <p>
 * The seed is printed; rerun a failure with {@code -Dphalanx.fuzz.seed=<seed>} (and {@code -Dphalanx.fuzz.shapes=n}
 * for more shapes than the default 400).
 */
class RequestFuzzTest extends PoolTestBase {

  private static final String ADDRESS = "fuzz.pool";
  private static final String ALLOWED = "io.phalanx.parallel.fixtures";
  private static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final Duration AT_ONCE = Duration.ofSeconds(1);
  /** Arguments of the wrong type are found out by the worker that builds the task: a round trip to a child. */
  private static final Duration FROM_A_WORKER = Duration.ofSeconds(5);

  /** A class loader that remembers every class name the pool asked it for. */
  private static final class RecordingLoader extends ClassLoader {
    final Set<String> asked = ConcurrentHashMap.newKeySet();

    RecordingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      asked.add(name);
      return super.loadClass(name, resolve);
    }
  }

  /** One request: its body and headers, and either the result it must give or a word its 400 must contain. */
  private record Shape(String kind, Object body, DeliveryOptions options, Object result, String keyword) {
    static Shape valid(String kind, Object body, DeliveryOptions options, Object result) {
      return new Shape(kind, body, options, result, null);
    }

    static Shape invalid(String kind, Object body, String keyword) {
      return new Shape(kind, body, new DeliveryOptions(), null, keyword);
    }

    static Shape invalid(String kind, Object body, DeliveryOptions options, String keyword) {
      return new Shape(kind, body, options, null, keyword);
    }

    @Override
    public String toString() {
      String text = String.valueOf(body);
      return kind + " " + (text.length() > 120 ? text.substring(0, 120) + "..." : text) + " headers "
        + options.getHeaders();
    }
  }

  private final RecordingLoader loader = new RecordingLoader(getClass().getClassLoader());
  /** Every class name a request named that lies outside the allowed package. */
  private final Set<String> outsideNames = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void deployWithTheRecordingLoader() {
    ParallelConfig config = new ParallelConfig().setAgents(2).setAddress(ADDRESS).setMaxFrameBytes(MAX_FRAME_BYTES)
      .setTaskAllowlist(TaskAllowlist.PACKAGES).setAllowedTaskPackages(List.of(ALLOWED));
    await(vertx.deployVerticle(new SupervisorVerticle(config), new DeploymentOptions().setClassLoader(loader)));
  }

  @Test
  void seededShapesAreEachAnsweredAtOnceAndBadOnes400() throws Throwable {
    long seed = Long.getLong("phalanx.fuzz.seed", System.nanoTime());
    int count = Integer.getInteger("phalanx.fuzz.shapes", 400);
    System.out.println("RequestFuzzTest seed " + seed + " (rerun with -Dphalanx.fuzz.seed=" + seed + "), " + count
      + " shapes");
    Random random = new Random(seed);
    List<Function<Random, Shape>> kinds = kinds();
    Map<String, Integer> seen = new TreeMap<>();

    // deep shapes are copied recursively by the sending event bus: they need a deeper stack than a test thread has
    onDeepStack(() -> {
      for (int i = 0; i < count; i++) {
        Shape shape = kinds.get(i < kinds.size() ? i : random.nextInt(kinds.size())).apply(random);
        seen.merge(shape.kind(), 1, Integer::sum);
        check(shape, seed);
      }
    });

    System.out.println("RequestFuzzTest shapes by kind: " + seen);
    assertThat(seen.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(300);
    assertThat(System.getProperty(OutsideTask.INITIALISED)).as("OutsideTask initialised").isNull();
    assertThat(System.getProperty(NotATask.INITIALISED)).as("NotATask initialised").isNull();
    assertThat(loader.asked).as("the pool's class loader was asked for tasks").contains(Add.class.getName());
    assertThat(loader.asked).as("names outside the allowlist asked for").doesNotContainAnyElementsOf(outsideNames);
    assertThat(loader.asked).as("a class that is not a task was loaded").doesNotContain(NotATask.class.getName());
  }

  @Test
  void json3000DeepIsAnswered400WithinASecond() throws Throwable {
    onDeepStack(() -> {
      for (boolean arrays : new boolean[]{false, true}) {
        Object deep = nested(3_000, arrays);
        JsonObject request = new JsonObject().put("task", Add.class.getName())
          .put("args", arrays ? new JsonObject().put("a", deep) : deep);
        check(Shape.invalid("deep", request, "nested deeper than"), 0);
      }
    });
  }

  private void check(Shape shape, long seed) {
    long start = System.nanoTime();
    Future<Message<Object>> reply = vertx.eventBus().request(ADDRESS, shape.body(), shape.options()
      .setSendTimeout(30_000));
    try {
      reply.await(shape.keyword() == null ? 30 : 10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no answer (seed " + seed + "): " + shape, e);
    } catch (Throwable expectedForBadShapes) {
      // checked below
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (shape.keyword() == null) {
      assertThat(reply.succeeded()).as("seed %d: %s failed with %s", seed, shape, reply.cause()).isTrue();
      assertThat(reply.result().body()).as("seed %d: %s", seed, shape).isEqualTo(shape.result());
      return;
    }
    assertThat(reply.failed()).as("seed %d: %s succeeded", seed, shape).isTrue();
    assertThat(reply.cause()).as("seed %d: %s", seed, shape).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) reply.cause()).failureCode()).as("seed %d: %s: %s", seed, shape, reply.cause())
      .isEqualTo(FailureCodes.INVALID_TASK);
    assertThat(reply.cause().getMessage()).as("seed %d: %s", seed, shape).contains(shape.keyword());
    assertThat(took).as("seed %d: %s", seed, shape)
      .isLessThan(shape.kind().equals("wrong argument type") ? FROM_A_WORKER : AT_ONCE);
  }

  // ------------------------------------------------------------------------------------------------ the shapes

  private List<Function<Random, Shape>> kinds() {
    return List.of(
      this::validAdd,
      r -> Shape.invalid("wrong argument type", add(pick(r, "seven", true, new JsonArray().add(1),
        new JsonObject().put("x", 1)), 1), Add.class.getName()),
      r -> Shape.invalid("huge number", add(r.nextBoolean() ? new BigInteger("9".repeat(1_001 + r.nextInt(4_000)))
        : new BigDecimal("1e" + (1_001 + r.nextInt(1_000_000))), 1), "digits"),
      r -> Shape.invalid("not finite", add(pick(r, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Float.NaN), 1), "cannot carry"),
      r -> Shape.invalid("huge string", add(1, "x".repeat(MAX_FRAME_BYTES + 1 + r.nextInt(100_000))),
        "frame size limit"),
      r -> Shape.invalid("long field name", request(Add.class.getName(), new JsonObject()
        .put("k".repeat(50_001 + r.nextInt(10_000)), 1)), "field name"),
      r -> Shape.invalid("deep arguments", request(Add.class.getName(), new JsonObject().put("a",
        nested(501 + r.nextInt(2_500), r.nextBoolean()))), "nested deeper than"),
      r -> Shape.invalid("deep task field", new JsonObject().put("task", nested(1 + r.nextInt(3_000), false)),
        "'task'"),
      r -> Shape.invalid("deep extra field", new JsonObject().put("task", Add.class.getName())
        .put("extra", nested(1 + r.nextInt(3_000), r.nextBoolean())), "'task' and 'args' only"),
      r -> Shape.invalid("wrong task type", new JsonObject().put("task", pick(r, 5, true, new JsonArray(),
        new JsonObject())), "'task'"),
      r -> Shape.invalid("no task", new JsonObject().put("args", new JsonObject()), "'task'"),
      r -> Shape.invalid("wrong args type", new JsonObject().put("task", Add.class.getName()).put("args",
        pick(r, new JsonArray().add(1), "a=1", 7, false)), "'args'"),
      r -> Shape.invalid("malformed class name", request(outside(pick(r, "", " ", "[Ljava.lang.String;", "a..b",
        "../../etc/passwd", "x".repeat(1_001 + r.nextInt(100_000)), "1abc.Def", "io.phalanx.parallel.fixtures.",
        "io phalanx")), new JsonObject()), "'task'"),
      r -> Shape.invalid("JDK class", request(outside(pick(r, "java.lang.Runtime", "java.lang.ProcessBuilder",
        "javax.script.ScriptEngineManager", "sun.misc.Unsafe", "jdk.internal.misc.Unsafe")), new JsonObject()),
        "does not implement"),
      r -> Shape.invalid("outside the allowlist", request(outside(pick(r, OutsideTask.class.getName(),
        "com.example.Task" + r.nextInt(1_000_000), "io.phalanx.parallel.fixturesX.Add",
        "io.phalanx.parallel.impl.pool.WorkerPool")), new JsonObject().put("value", 1)), "allowed task package"),
      r -> Shape.invalid("unknown task class", request(ALLOWED + ".NoSuchTask" + r.nextInt(1_000_000),
        new JsonObject()), "unknown task class"),
      r -> Shape.invalid("not a task", request(NotATask.class.getName(), new JsonObject()), "does not implement"),
      r -> Shape.invalid("wrong codec", pick(r, "add 2 and 3", Buffer.buffer("{\"task\":\"x\"}"), 42, true, 1.5,
        new JsonArray().add(Add.class.getName()), new byte[]{1, 2, 3}, 'c'), "request body must be"),
      r -> Shape.invalid("unknown header", add(1, 2), new DeliveryOptions().addHeader("phalanx-" + pick(r, "timout",
        "priority", "node", "retry", "Progress-Count", "x"), "1"), "unknown header"),
      r -> {
        String[] header = pick(r, new String[]{EventBusHeaders.TIMEOUT, "soon"},
          new String[]{EventBusHeaders.TIMEOUT, "-" + (2 + r.nextInt(100))},
          new String[]{EventBusHeaders.TIMEOUT, "1e3"}, new String[]{EventBusHeaders.TIMEOUT, " 5"},
          new String[]{EventBusHeaders.TIMEOUT, "9".repeat(20 + r.nextInt(100))},
          new String[]{EventBusHeaders.REQUEST_ID, "local-" + r.nextInt(5_000)},
          new String[]{EventBusHeaders.REQUEST_ID, Integer.toString(r.nextInt())},
          new String[]{EventBusHeaders.REQUEST_ID, "0".repeat(20 + r.nextInt(30)) + r.nextInt(10)},
          new String[]{EventBusHeaders.REQUEST_ID, UUID.randomUUID() + " "},
          new String[]{EventBusHeaders.PROGRESS_ADDRESS, pick(r, "app.private", ADDRESS + ".events", ADDRESS,
            ADDRESS + ".progress.mine", "other.progress." + UUID.randomUUID())});
        return Shape.invalid("malformed header", add(1, 2), new DeliveryOptions().addHeader(header[0], header[1]),
          header[0]);
      },
      r -> Shape.invalid("extra field", add(1, 2).put(pick(r, "priority", "node", "timeout", "progress"), 1),
        "'task' and 'args' only"),
      this::validAddWithHeaders);
  }

  private Shape validAdd(Random random) {
    int a = random.nextInt(2_000_001) - 1_000_000;
    int b = random.nextInt(2_000_001) - 1_000_000;
    return Shape.valid("valid", add(a, b), new DeliveryOptions(), new JsonObject().put("result", a + b));
  }

  private Shape validAddWithHeaders(Random random) {
    Shape plain = validAdd(random);
    String id = UUID.randomUUID().toString();
    DeliveryOptions options = new DeliveryOptions().addHeader(EventBusHeaders.TIMEOUT,
      Integer.toString(10_000 + random.nextInt(50_000))).addHeader(EventBusHeaders.REQUEST_ID, id);
    if (random.nextBoolean()) {
      options.addHeader("traceparent", "00-" + id.replace("-", "") + "-0123456789abcdef-01");
    }
    return Shape.valid("valid with headers", plain.body(), options, plain.result());
  }

  private static JsonObject request(String task, JsonObject args) {
    return new JsonObject().put("task", task).put("args", args);
  }

  private static JsonObject add(Object a, Object b) {
    return request(Add.class.getName(), new JsonObject().put("a", a).put("b", b));
  }

  /** Remembers a name outside the allowed package: the pool must never ask its class loader for it. */
  private String outside(String name) {
    outsideNames.add(name);
    return name;
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** {@code {"a": {"a": ... {}}}} or {@code [[...[]]]}, {@code depth} levels, built without recursion. */
  private static Object nested(int depth, boolean arrays) {
    Object inner = arrays ? new JsonArray() : new JsonObject();
    for (int i = 1; i < depth; i++) {
      inner = arrays ? new JsonArray().add(inner) : new JsonObject().put("a", inner);
    }
    return inner;
  }

  private interface Body {
    void run() throws Throwable;
  }

  private static void onDeepStack(Body body) throws Throwable {
    Throwable[] failure = new Throwable[1];
    Thread thread = new Thread(null, () -> {
      try {
        body.run();
      } catch (Throwable t) {
        failure[0] = t;
      }
    }, "fuzz-sender", 256L * 1024 * 1024);
    thread.start();
    thread.join();
    if (failure[0] != null) {
      throw failure[0];
    }
  }
}
