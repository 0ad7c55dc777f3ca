package io.phalanx.parallel.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the database example in this JVM against real worker JVMs, then reads what the workers stored straight from
 * the H2 database.
 */
class DatabaseExampleTest extends ExampleTestBase {

  /** The number of primes below 200 000. */
  private static final long PRIMES_BELOW_200_000 = 17_984;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void everyTaskStoresItsRowThroughTheProxy(@TempDir Path dir) throws Exception {
    int tasks = 24;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    DatabaseExample.Report report = DatabaseExample.run(vertx,
      DatabaseExample.Settings.parse("--limit", "200000", "--segments", String.valueOf(tasks), "--workers", "2",
        "--db", dir.toString()),
      new PrintStream(printed, true, StandardCharsets.UTF_8));

    // read back independently of the example's own code
    List<long[]> rows = new ArrayList<>();
    Set<String> workers = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(report.jdbcUrl());
         Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery(
           "SELECT id, segment, range_start, range_end, primes, worker FROM segment_results ORDER BY segment")) {
      while (result.next()) {
        rows.add(new long[] {result.getLong(1), result.getInt(2), result.getLong(3), result.getLong(4),
          result.getLong(5)});
        workers.add(result.getString(6));
      }
    }
    assertThat(rows).hasSize(tasks);
    for (int i = 0; i < tasks; i++) {
      long[] row = rows.get(i);
      assertThat(row[1]).isEqualTo(i);
      assertThat(row[2]).isEqualTo(200_000L * i / tasks);
      assertThat(row[3]).isEqualTo(200_000L * (i + 1) / tasks);
      assertThat(row[4]).isEqualTo(new PrimeSieve().count(row[2], row[3]));
      // the id the task got back from the proxy is the id of its row
      assertThat(report.rowIds().get(i)).isEqualTo(row[0]);
    }
    assertThat(rows.stream().mapToLong(r -> r[4]).sum()).isEqualTo(PRIMES_BELOW_200_000);
    assertThat(report.seenByProxy()).isEqualTo(PRIMES_BELOW_200_000);
    assertThat(workers).isSubsetOf("worker-0", "worker-1").isNotEmpty();
    assertThat(dir.resolve("results.mv.db")).isRegularFile();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("stored " + tasks + " rows")
      .contains("total      " + tasks + " rows");
  }

  @Test
  void thePrimeSieveCountsPrimesInAnyRange() {
    assertThat(new PrimeSieve().count(0, 100)).isEqualTo(25);
    assertThat(new PrimeSieve().count(0, 2)).isZero();
    assertThat(new PrimeSieve().count(2, 3)).isEqualTo(1);
    assertThat(new PrimeSieve().count(90, 110)).isEqualTo(5);
    assertThat(new PrimeSieve().count(0, 1_000_000)).isEqualTo(78_498);
    PrimeSieve reused = new PrimeSieve();
    assertThat(reused.count(0, 1_000_000)).isEqualTo(78_498);
    assertThat(reused.count(0, 100)).isEqualTo(25);
    assertThat(reused.count(999_000, 1_000_000)).isEqualTo(new PrimeSieve().count(999_000, 1_000_000));
    long pieces = 0;
    for (long[] range : DatabaseExample.ranges(1_000_000, 7)) {
      pieces += new PrimeSieve().count(range[0], range[1]);
    }
    assertThat(pieces).isEqualTo(78_498);
  }

  @Test
  void badOptionsAreRefusedNamingThem() {
    assertThatThrownBy(() -> DatabaseExample.Settings.parse("--segments", "0"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--segments");
    assertThatThrownBy(() -> DatabaseExample.Settings.parse("--limit", "lots"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--limit");
    assertThatThrownBy(() -> DatabaseExample.Settings.parse("--colour", "blue"))
      .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--colour");
  }
}
