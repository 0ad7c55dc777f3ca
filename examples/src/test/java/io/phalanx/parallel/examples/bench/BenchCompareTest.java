package io.phalanx.parallel.examples.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The side-by-side table of bench-ab.sh, from result files written here. */
class BenchCompareTest {

  @TempDir
  Path dir;

  @Test
  void eachSideIsTheMedianOfItsRunsAndOnlyFiguresBothMeasuredAreCompared() throws IOException {
    List<Path> base = List.of(
      json("b1", "{\"noop_rtt_p50_us\": 100.0, \"only_base\": 1, \"mode\": \"quick\", \"complete\": true}"),
      json("b2", "{\"noop_rtt_p50_us\": 120.0, \"only_base\": 2}"),
      json("b3", "{\"noop_rtt_p50_us\": 90.0}"));
    List<Path> head = List.of(
      json("h1", "{\"noop_rtt_p50_us\": 60.0, \"only_head\": 5, \"mode\": \"quick\"}"),
      json("h2", "{\"noop_rtt_p50_us\": 50.0}"),
      json("h3", "{\"noop_rtt_p50_us\": 55.0}"));

    List<BenchCompare.Row> rows = BenchCompare.compare(BenchCompare.Side.read(base), BenchCompare.Side.read(head));

    assertThat(rows).extracting(BenchCompare.Row::key).containsExactly("noop_rtt_p50_us");
    BenchCompare.Row rtt = rows.get(0);
    assertThat(rtt.base()).isEqualTo(100.0);
    assertThat(rtt.head()).isEqualTo(55.0);
    assertThat(rtt.ratio()).isEqualTo(0.55);
    assertThat(rtt.baseRuns()).containsExactly(100.0, 120.0, 90.0);
  }

  @Test
  void theTableNamesBothSidesAndShowsEveryRun() throws IOException {
    List<BenchCompare.Row> rows = BenchCompare.compare(
      BenchCompare.Side.read(List.of(json("b", "{\"throughput_2w_per_s\": 400000}"))),
      BenchCompare.Side.read(List.of(json("h", "{\"throughput_2w_per_s\": 500000}"))));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    BenchCompare.print(rows, "abc1234", "this tree", new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String table = bytes.toString(StandardCharsets.UTF_8);
    assertThat(table.lines().findFirst().orElseThrow()).contains("abc1234", "this tree", "ratio");
    assertThat(table).contains("throughput_2w_per_s", "400,000", "500,000", "1.250");
  }

  private Path json(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name + ".json"), content);
  }
}
