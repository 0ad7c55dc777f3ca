package io.phalanx.parallel.examples.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one benchmark run measured: per key the value of each repetition and their median, the notes, the settings,
 * and the targets evaluated on the medians. Writes {@code results.json} and the console table.
 */
public final class BenchResults {

  private final Map<String, Double> values = new LinkedHashMap<>();
  private final Map<String, List<Double>> runs = new LinkedHashMap<>();
  private final Map<String, String> descriptions = new LinkedHashMap<>();
  private final Map<String, Object> settings = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * Records a key: its value is the median of {@code perRun}.
   *
   * @param description how it was measured, one line for the table's legend
   */
  public double record(String key, List<Double> perRun, String description) {
    if (perRun.isEmpty()) {
      throw new IllegalArgumentException(key + ": no runs");
    }
    double median = Stats.median(perRun);
    values.put(key, median);
    runs.put(key, List.copyOf(perRun));
    descriptions.put(key, description);
    return median;
  }

  /**
   * Records a key that could not be measured: its value is {@code null} and the reason goes to the notes.
   */
  public void skip(String key, String reason, String description) {
    values.put(key, null);
    runs.put(key, List.of());
    descriptions.put(key, description);
    note(key + ": not measured: " + reason);
  }

  public void note(String note) {
    notes.add(note);
  }

  public void setting(String name, Object value) {
    settings.put(name, value);
  }

  public Double value(String key) {
    return values.get(key);
  }

  /** @return the value of each repetition of {@code key}, empty when skipped or never recorded */
  public List<Double> runs(String key) {
    return runs.getOrDefault(key, List.of());
  }

  /** @return how {@code key} was measured, or {@code null} */
  public String description(String key) {
    return descriptions.get(key);
  }

  public Map<String, Double> values() {
    return java.util.Collections.unmodifiableMap(values);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public List<Target.Outcome> evaluate(List<Target> targets) {
    return targets.stream().map(t -> t.evaluate(values)).toList();
  }

  /**
   * The whole {@code results.json}: the keys at the top level (numbers, {@code null} when skipped), then
   * {@code mode}, {@code machine}, {@code repetitions}, {@code runs}, {@code targets}, {@code settings},
   * {@code notes}.
   */
  public ObjectNode toJson(ObjectMapper mapper, String mode, Map<String, Object> machine, List<Target> targets) {
    ObjectNode root = mapper.createObjectNode();
    values.forEach((key, value) -> {
      if (value == null) {
        root.putNull(key);
      } else {
        root.put(key, round(value));
      }
    });
    root.put("mode", mode);
    root.set("machine", mapper.valueToTree(machine));
    ObjectNode repetitions = root.putObject("repetitions");
    runs.forEach((key, list) -> repetitions.put(key, list.size()));
    ObjectNode perRun = root.putObject("runs");
    runs.forEach((key, list) -> {
      ArrayNode array = perRun.putArray(key);
      list.forEach(v -> array.add(round(v)));
    });
    ObjectNode targetNode = root.putObject("targets");
    for (Target.Outcome outcome : evaluate(targets)) {
      ObjectNode node = targetNode.putObject(outcome.target().name());
      String field = outcome.target().isRatio() ? "ratio" : "value";
      if (outcome.measured() == null) {
        node.putNull(field);
      } else {
        node.put(field, round(outcome.measured()));
      }
      node.put("of", outcome.target().measureName());
      node.put("comparison", outcome.target().comparison());
      node.put("limit", outcome.target().limit());
      if (outcome.pass() == null) {
        node.putNull("pass");
      } else {
        node.put("pass", outcome.pass());
      }
    }
    root.set("settings", mapper.valueToTree(settings));
    ArrayNode noteArray = root.putArray("notes");
    notes.forEach(noteArray::add);
    return root;
  }

  /** The console table: one row per key with its unit, repetitions and the spread of the runs. */
  public String table() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-28s %12s %-8s %4s  %-23s %s%n", "key", "median", "unit", "reps",
      "min .. max", "how"));
    values.forEach((key, value) -> {
      List<Double> list = runs.get(key);
      String spread = list.isEmpty() ? "" : format(list.stream().mapToDouble(Double::doubleValue).min().orElse(0))
        + " .. " + format(list.stream().mapToDouble(Double::doubleValue).max().orElse(0));
      out.append(String.format(Locale.ROOT, "%-28s %12s %-8s %4d  %-23s %s%n", key,
        value == null ? "n/a" : format(value), unit(key), list.size(), spread, descriptions.getOrDefault(key, "")));
    });
    return out.toString();
  }

  /** The unit a key's name ends with, or that follows its percentile ({@code eventloop_p99_ms_nice0}). */
  public static String unit(String key) {
    if (key.matches(".*_p\\d+_ms_.*")) {
      return "ms";
    } else if (key.endsWith("_mb_per_s")) {
      return "MB/s";
    } else if (key.endsWith("_per_s")) {
      return "tasks/s";
    } else if (key.endsWith("_us")) {
      return "us";
    } else if (key.endsWith("_ms")) {
      return "ms";
    } else if (key.endsWith("_mib")) {
      return "MiB";
    } else if (key.endsWith("_s")) {
      return "s";
    }
    return "";
  }

  static String format(double value) {
    double magnitude = Math.abs(value);
    if (magnitude >= 10_000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    } else if (magnitude >= 100) {
      return String.format(Locale.ROOT, "%.1f", value);
    } else if (magnitude >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  /** Six significant digits: the JSON stays readable and nothing measured is more precise. */
  static double round(double value) {
    if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    return new java.math.BigDecimal(value).round(new java.math.MathContext(6)).doubleValue();
  }
}
