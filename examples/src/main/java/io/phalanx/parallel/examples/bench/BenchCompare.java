package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Puts the results of two builds side by side: several {@code results.json} of each, from runs that alternated
 * between them ({@code examples/bench-ab.sh}), so that a machine that drifts during the session moves both alike.
 * For every figure both sides measured, the median of each side's runs, head / base, and each run's value.
 */
final class BenchCompare {

  /** The figures of one side, each with its value per run, in the order of the first run's JSON. */
  record Side(Map<String, List<Double>> values) {

    static Side read(List<Path> files) throws IOException {
      ObjectMapper mapper = new ObjectMapper();
      Map<String, List<Double>> values = new LinkedHashMap<>();
      for (Path file : files) {
        JsonNode root = mapper.readTree(file.toFile());
        root.fields().forEachRemaining(field -> {
          if (field.getValue().isNumber()) {
            values.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add(field.getValue().asDouble());
          }
        });
      }
      return new Side(values);
    }
  }

  /** One figure: the median of each side and their ratio. */
  record Row(String key, double base, double head, List<Double> baseRuns, List<Double> headRuns) {

    double ratio() {
      return head / base;
    }
  }

  private BenchCompare() {
  }

  /** @return a row for every figure both sides measured, in the base's order */
  static List<Row> compare(Side base, Side head) {
    List<Row> rows = new ArrayList<>();
    base.values().forEach((key, baseRuns) -> {
      List<Double> headRuns = head.values().get(key);
      if (headRuns != null) {
        rows.add(new Row(key, Stats.median(baseRuns), Stats.median(headRuns), baseRuns, headRuns));
      }
    });
    return rows;
  }

  static void print(List<Row> rows, String baseName, String headName, PrintStream out) {
    out.printf(Locale.ROOT, "%-45s %12s %12s %8s   %s%n", "key", baseName, headName, "ratio", "runs (base | head)");
    for (Row row : rows) {
      out.printf(Locale.ROOT, "%-45s %12s %12s %8s   %s | %s%n", row.key(), BenchResults.format(row.base()),
        BenchResults.format(row.head()), Double.isFinite(row.ratio()) ? String.format(Locale.ROOT, "%.3f",
          row.ratio()) : "-", runs(row.baseRuns()), runs(row.headRuns()));
    }
  }

  private static String runs(List<Double> values) {
    List<String> formatted = new ArrayList<>();
    values.forEach(value -> formatted.add(BenchResults.format(value)));
    return String.join(" ", formatted);
  }

  /**
   * {@code BenchCompare BASE_NAME HEAD_NAME base1.json,base2.json,... head1.json,head2.json,...}
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: BenchCompare BASE_NAME HEAD_NAME BASE_JSON[,BASE_JSON...] HEAD_JSON[,HEAD_JSON...]");
      System.exit(2);
    }
    print(compare(Side.read(paths(args[2])), Side.read(paths(args[3]))), args[0], args[1], System.out);
  }

  private static List<Path> paths(String commaSeparated) {
    List<Path> paths = new ArrayList<>();
    for (String path : commaSeparated.split(",")) {
      paths.add(Path.of(path));
    }
    return paths;
  }
}
