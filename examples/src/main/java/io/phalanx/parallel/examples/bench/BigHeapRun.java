package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The thumbnails beside a large cache, as an application that starts with its cache would make them: each model in a
 * JVM of its own, a child of the benchmark, which builds the cache first and then times the model alone.
 * <p>
 * The JVM's heap is {@value #HEAP}, twice the cache: what the JVM would take by itself on a machine or container of
 * 12 GiB (a quarter of the memory), and the same on every machine. How often G1 has to mark the heap while
 * {@code executeBlocking}'s garbage comes and goes depends on the room beside the live objects: with the default
 * heap of a 24 GiB machine (6 GiB) {@code executeBlocking} beside the cache was as fast as without it, and on a larger
 * machine the cache would not count at all. Not in the benchmark's own JVM either: there the heap as the earlier parts
 * of a run had grown it decided, and the same model beside the same cache took 0.7 to 1.0 times the other's time from
 * one run to the next. Not both models in one JVM: {@code executeBlocking}'s garbage starts marking cycles that would
 * run during the pool's batches too, which an application using the pool would not have.
 */
final class BigHeapRun {

  /**
   * About 1.5 GiB of live objects: 6.5 million cache entries of about 240 bytes (33 million objects). Small entries,
   * not large blocks: a collector's marking costs by the object, and a few large blocks would cost it nearly nothing.
   */
  static final int CACHE_ENTRIES = 6_500_000;
  /** The child JVM's largest heap: twice the cache. */
  static final String HEAP = "3g";
  private static final int CACHE_PAYLOAD_BYTES = 96;
  private static final Pattern SOURCE_IMAGE = Pattern.compile("image-\\d+\\.png");
  private static final long CHILD_DEADLINE_MINUTES = 20;

  private BigHeapRun() {
  }

  /**
   * Runs one model beside the cache in a child JVM, waits for it, and records its keys as {@link ThumbnailRounds}
   * names them.
   *
   * @param model  {@code pool} or {@code execblocking}, each with 2 workers or threads
   * @param images the folder of the source images
   */
  static void inChildJvm(String model, Path images, int count, int rounds, int cacheEntries, BenchResults results)
    throws IOException, InterruptedException {
    Path out = Files.createTempFile(images.getParent(), "bigheap-" + model, ".json");
    try {
      List<String> command = new ArrayList<>(List.of(Bench.JAVA, "-Xmx" + HEAP, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), BigHeapRun.class.getName(),
        model, images.toString(), Integer.toString(count), Integer.toString(rounds), Integer.toString(cacheEntries),
        out.toString()));
      Process child = new ProcessBuilder(command).inheritIO().start();
      if (!ChildProcesses.awaitOrEnd(child, CHILD_DEADLINE_MINUTES, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the big-heap run of " + model + " did not end within "
          + CHILD_DEADLINE_MINUTES + " minutes");
      }
      if (child.exitValue() != 0) {
        throw new IllegalStateException("the big-heap run of " + model + " failed with exit status "
          + child.exitValue() + " (its output is above)");
      }
      JsonNode recorded = new ObjectMapper().readTree(out.toFile());
      recorded.fields().forEachRemaining(entry -> {
        List<Double> runs = new ArrayList<>();
        entry.getValue().get("runs").forEach(run -> runs.add(run.asDouble()));
        results.record(entry.getKey(), runs, entry.getValue().get("description").asText());
      });
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /**
   * {@code BigHeapRun MODEL IMAGES COUNT ROUNDS CACHE_ENTRIES OUT}: builds the cache, times the model beside it and
   * writes the keys to {@code OUT}.
   */
  public static void main(String[] args) {
    int status = 0;
    try {
      run(args[0], Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
        Integer.parseInt(args[4]), Path.of(args[5]));
    } catch (Throwable t) {
      t.printStackTrace();
      status = 1;
    }
    // Vert.x's threads would keep the JVM alive after a failure
    System.exit(status);
  }

  private static void run(String model, Path images, int count, int rounds, int cacheEntries, Path out)
    throws Exception {
    List<Path> sources;
    try (Stream<Path> files = Files.list(images)) {
      sources = files.filter(p -> SOURCE_IMAGE.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
    if (sources.size() != count) {
      throw new IllegalStateException("expected " + count + " source images in " + images + ", found "
        + sources.size());
    }
    Map<String, CacheEntry> cache = liveObjects(cacheEntries);
    BenchResults results = new BenchResults();
    Vertx vertx = Vertx.vertx();
    try {
      String name = model + "_2w_bigheap";
      try (ThumbnailModel thumbnails = switch (model) {
        case "pool" -> ThumbnailModel.pool(vertx, sources, 2, name);
        case "execblocking" -> ThumbnailModel.executor(vertx, sources, 2, name);
        default -> throw new IllegalArgumentException("no model " + model + ": pool or execblocking");
      }) {
        ThumbnailRounds.inTurn(vertx, List.of(thumbnails), rounds, count, results);
      }
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    Reference.reachabilityFence(cache);
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    for (String key : results.values().keySet()) {
      ObjectNode entry = json.putObject(key);
      results.runs(key).forEach(entry.putArray("runs")::add);
      entry.put("description", results.description(key) + "; in a JVM of its own that first built a cache of "
        + cacheEntries + " entries");
    }
    mapper.writeValue(out.toFile(), json);
  }

  /**
   * Holds the live objects of an application with a large cache: millions of small entries, each a few objects the
   * collector has to trace, settled in the old generation as a long-running application's are.
   */
  private static Map<String, CacheEntry> liveObjects(int entries) {
    Map<String, CacheEntry> cache = new HashMap<>(entries * 4 / 3 + 1);
    for (int i = 0; i < entries; i++) {
      cache.put("entry-" + i, new CacheEntry(i, i, new byte[CACHE_PAYLOAD_BYTES]));
    }
    // without it, the first collections of either model would copy the whole cache out of the young generation
    System.gc();
    return cache;
  }

  /** One entry of {@link #liveObjects}: with its key and its map node, about 240 bytes in 5 objects. */
  private record CacheEntry(long id, int version, byte[] payload) {
  }
}
