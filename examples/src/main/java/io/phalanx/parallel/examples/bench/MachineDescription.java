package io.phalanx.parallel.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine and the build a benchmark ran on, for the {@code machine} object of the results. */
final class MachineDescription {

  private MachineDescription() {
  }

  /** @return a map to which the benchmark adds what it learns while it runs (the load, the peers' versions) */
  static Map<String, Object> describe() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java_version", System.getProperty("java.version"));
    machine.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
      + System.getProperty("os.arch"));
    // what was measured: bench.sh passes the commit and whether the library's sources differ from it
    machine.put("git_commit", System.getProperty("bench.commit"));
    machine.put("library_sources_modified", System.getProperty("bench.modified"));
    try {
      Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
        .ifPresent(l -> machine.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
      Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
        .ifPresent(l -> machine.put("memory_mib",
          Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024));
    } catch (IOException | RuntimeException e) {
      // not Linux: the cores and the JVM are enough
    }
    return machine;
  }
}
