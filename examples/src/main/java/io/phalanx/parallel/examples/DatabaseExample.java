package io.phalanx.parallel.examples;

import io.phalanx.parallel.Parallel;
import io.phalanx.parallel.ParallelConfig;
import io.phalanx.parallel.ParentService;
import io.phalanx.parallel.SupervisorVerticle;
import io.phalanx.parallel.examples.db.JdbcResultStore;
import io.phalanx.parallel.examples.db.ResultStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceProxyBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Workers write their results into a database that only the parent holds, through a service proxy.
 * <p>
 * The numbers below {@code --limit} are cut into {@code --segments} ranges; each range is one {@link CountPrimes} task,
 * which counts the primes of its range in a worker JVM and stores the count with
 * {@code scope.service(ResultStore.class).save(...)}. {@link ResultStore} is a {@code @ProxyGen} interface registered
 * as a parent service in one line ({@link ParallelConfig#addParentService(ParentService)}): its implementation,
 * {@link JdbcResultStore}, is built in this JVM with the JDBC URL as its settings, next to an embedded H2 database, and
 * the workers reach it through the proxy Vert.x Codegen generated, their calls crossing the channel as
 * {@code service_call} frames. {@link PrimeSieve} is a local service: each worker builds its own. At the end the parent
 * reads the rows back with plain JDBC and checks the total against its own count.
 * <p>
 * Run it with {@code examples/run-example.sh --database [options]} ({@code --help} lists them).
 */
public final class DatabaseExample {

  /** The pool's event-bus address. */
  static final String ADDRESS = "phalanx.examples.primes";

  static final String USAGE = String.join("\n",
    "usage: run-example.sh --database [--limit N] [--segments N] [--workers N] [--db DIR]",
    "",
    "  --limit N      count the primes below N (default 5000000)",
    "  --segments N   cut the range into N tasks, one row each (default 50)",
    "  --workers N    worker JVMs (default one per processor, at least 2)",
    "  --db DIR       keep the H2 database in DIR (default: a temporary folder, removed at the end)",
    "  --help         this text");

  private static final Logger LIBRARY_LOG = Logger.getLogger("io.phalanx.parallel");

  /** The command line. */
  public record Settings(long limit, int segments, int workers, Path db) {

    public Settings {
      if (limit < 2 || limit > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("--limit must be between 2 and " + Integer.MAX_VALUE + ", was " + limit);
      }
      if (segments < 1 || segments > limit) {
        throw new IllegalArgumentException("--segments must be between 1 and the limit, was " + segments);
      }
      if (workers < 1) {
        throw new IllegalArgumentException("--workers must be at least 1, was " + workers);
      }
    }

    public static Settings parse(String... args) {
      long limit = 5_000_000;
      int segments = 50;
      int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
      Path db = null;
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + option);
        }
        String value = args[++i];
        try {
          switch (option) {
            case "--limit" -> limit = Long.parseLong(value);
            case "--segments" -> segments = Integer.parseInt(value);
            case "--workers" -> workers = Integer.parseInt(value);
            case "--db" -> db = Path.of(value);
            default -> throw new IllegalArgumentException("unknown option " + option);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(option + " needs a number, was '" + value + "'");
        }
      }
      return new Settings(limit, segments, workers, db);
    }

    Settings withDb(Path db) {
      return new Settings(limit, segments, workers, db);
    }
  }

  /**
   * What a run did.
   *
   * @param jdbcUrl     the database
   * @param rowIds      the row id each task answered, in segment order
   * @param rows        the rows read back from the database after the pool stopped, by segment
   * @param expected    the number of primes below the limit, counted in the parent
   * @param seenByProxy the total the parent got through its own proxy of the service while the pool ran
   */
  public record Report(String jdbcUrl, List<Long> rowIds, List<Row> rows, long expected, long seenByProxy) {

    public long storedPrimes() {
      return rows.stream().mapToLong(Row::primes).sum();
    }
  }

  /** A row of the results table. */
  public record Row(long id, int segment, long from, long to, long primes, String worker, long millis) {
  }

  private DatabaseExample() {
  }

  public static void main(String[] args) {
    LIBRARY_LOG.setLevel(Level.WARNING);
    if (Arrays.asList(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("database example: " + e.getMessage() + "\n\n" + USAGE);
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    int status = 0;
    Path temporary = null;
    try {
      if (settings.db() == null) {
        temporary = Files.createTempDirectory("phalanx-db-");
        settings = settings.withDb(temporary);
      }
      run(vertx, settings, System.out);
    } catch (Exception e) {
      System.err.println("database example failed: " + e);
      status = 1;
    } finally {
      try {
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("closing Vert.x failed: " + e);
        status = status == 0 ? 1 : status;
      }
      if (temporary != null) {
        deleteQuietly(temporary);
      }
    }
    System.exit(status);
  }

  /**
   * Deploys a pool with the two services, runs one {@link CountPrimes} task per segment, undeploys (which
   * unbinds the service and closes its connection), reads the rows back from the database and checks them.
   *
   * @throws Exception what stopped the run, or a check that failed
   */
  public static Report run(Vertx vertx, Settings settings, PrintStream out) throws Exception {
    Path dir = settings.db() != null ? settings.db() : Files.createTempDirectory("phalanx-db-");
    Files.createDirectories(dir);
    String jdbcUrl = "jdbc:h2:file:" + dir.resolve("results").toAbsolutePath();
    ParallelConfig config = ParallelConfig.defaults()
      .setAgents(settings.workers())
      .setAddress(ADDRESS)
      // the parent service: interface, address, implementation, its settings; JDBC blocks, so a worker context
      .addParentService(new ParentService(ResultStore.class, ResultStore.ADDRESS, JdbcResultStore.class)
        .setConfig(new JsonObject().put("url", jdbcUrl)).setBlocking(true))
      // the local service: every worker builds its own sieve
      .addLocalService(PrimeSieve.class, PrimeSieve.class);

    out.printf("database %s%nstarting %s%n", jdbcUrl, Plural.of(settings.workers(), "worker"));
    String deployment = vertx.deployVerticle(new SupervisorVerticle(config)).await();
    List<Long> ids;
    long seenByProxy;
    long started = System.nanoTime();
    try {
      List<long[]> ranges = ranges(settings.limit(), settings.segments());
      out.printf("counting the primes below %d in %s; each stores its count through the ResultStore proxy%n",
        settings.limit(), Plural.of(ranges.size(), "task"));
      ids = Parallel.create(vertx, ADDRESS).map(IntStream.range(0, ranges.size()).boxed().toList(),
        i -> new CountPrimes(i, ranges.get(i)[0], ranges.get(i)[1]), 2 * settings.workers()).await();
      // the parent can use the same service through a proxy of its own
      ResultStore store = new ServiceProxyBuilder(vertx).setAddress(ResultStore.ADDRESS).build(ResultStore.class);
      seenByProxy = store.totalPrimes().await();
      out.printf("stored %s in %.1f s; the service reports %d primes%n", Plural.of(store.count().await(), "row"),
        (System.nanoTime() - started) / 1e9, seenByProxy);
    } finally {
      // drains the pool, then unbinds the service and closes its database connection
      vertx.undeploy(deployment).await();
    }

    List<Row> rows = readRows(jdbcUrl);
    long expected = new PrimeSieve().count(0, settings.limit());
    Report report = new Report(jdbcUrl, ids, rows, expected, seenByProxy);
    print(report, out);
    check(report, settings);
    return report;
  }

  /** Cuts {@code [0, limit)} into {@code segments} ranges of nearly equal length. */
  static List<long[]> ranges(long limit, int segments) {
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i < segments; i++) {
      ranges.add(new long[] {limit * i / segments, limit * (i + 1) / segments});
    }
    return ranges;
  }

  /** Reads the results table with plain JDBC, by segment. */
  public static List<Row> readRows(String jdbcUrl) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery("SELECT id, segment, range_start, range_end, primes, worker, millis"
           + " FROM " + JdbcResultStore.TABLE + " ORDER BY segment")) {
      while (result.next()) {
        rows.add(new Row(result.getLong(1), result.getInt(2), result.getLong(3), result.getLong(4), result.getLong(5),
          result.getString(6), result.getLong(7)));
      }
    }
    return rows;
  }

  private static void print(Report report, PrintStream out) {
    Map<String, long[]> perWorker = new LinkedHashMap<>();
    report.rows().stream().sorted(Comparator.comparing(Row::worker)).forEach(row -> {
      long[] sums = perWorker.computeIfAbsent(row.worker(), w -> new long[3]);
      sums[0]++;
      sums[1] += row.primes();
      sums[2] += row.millis();
    });
    out.printf("%nread back from the database after the pool stopped: %s%n", Plural.of(report.rows().size(), "row"));
    perWorker.forEach((worker, sums) -> out.printf("  %-9s %3d rows  %9d primes  %6d ms counting%n", worker, sums[0],
      sums[1], sums[2]));
    out.printf("  total     %3d rows  %9d primes (the parent counts %d)%n", report.rows().size(),
      report.storedPrimes(), report.expected());
  }

  private static void check(Report report, Settings settings) {
    if (report.rows().size() != settings.segments()) {
      throw new IllegalStateException(settings.segments() + " tasks but " + report.rows().size() + " rows");
    }
    if (report.storedPrimes() != report.expected() || report.seenByProxy() != report.expected()) {
      throw new IllegalStateException("the database holds " + report.storedPrimes() + " primes, the service reported "
        + report.seenByProxy() + ", the parent counts " + report.expected());
    }
    List<Long> idsByRow = report.rows().stream().map(Row::id).toList();
    if (!idsByRow.equals(report.rowIds())) {
      throw new IllegalStateException("the tasks answered row ids " + report.rowIds() + ", the rows have " + idsByRow);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + dir + ": " + e.getMessage());
    }
  }
}
