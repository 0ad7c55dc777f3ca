package io.phalanx.parallel.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of a worker process, read from {@code /proc/<pid>/status} (Linux only, and only for a worker
 * on this machine: a pool on another cluster node shows none).
 */
final class ProcessMemory {

  private ProcessMemory() {
  }

  /**
   * @return the resident set size in bytes, or -1 where it cannot be read
   */
  static long residentBytes(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      // a few hundred bytes from procfs, answered from kernel memory: cheap enough for the event loop
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
