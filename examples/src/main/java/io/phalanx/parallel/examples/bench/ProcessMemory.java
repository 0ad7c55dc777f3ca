package io.phalanx.parallel.examples.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory of processes from {@code /proc/PID/smaps_rollup}: PSS (each shared page divided among the processes
 * that map it, so the class-data archive the workers share counts once in all) and RSS for comparison.
 */
final class ProcessMemory {

  private final int samples;

  /** @param samples readings of each process, 200 ms apart */
  ProcessMemory(int samples) {
    this.samples = samples;
  }

  List<Double> pss(List<Long> pids) throws Exception {
    return smapsRollup(pids, "Pss:");
  }

  List<Double> rss(List<Long> pids) throws Exception {
    return smapsRollup(pids, "Rss:");
  }

  /** {@code samples} readings of one field of each pid's smaps_rollup, 200 ms apart, in MiB. */
  private List<Double> smapsRollup(List<Long> pids, String field) throws Exception {
    List<Double> values = new ArrayList<>();
    for (int s = 0; s < samples; s++) {
      if (s > 0) {
        Thread.sleep(200);
      }
      for (long pid : pids) {
        Path file = Path.of("/proc", Long.toString(pid), "smaps_rollup");
        String kb = Files.readAllLines(file).stream().filter(l -> l.startsWith(field)).findFirst()
          .orElseThrow(() -> new IllegalStateException("no " + field + " in " + file))
          .substring(field.length()).replace("kB", "").trim();
        values.add(Long.parseLong(kb) / 1024.0);
      }
    }
    return values;
  }
}
