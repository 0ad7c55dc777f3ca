package io.phalanx.parallel.impl.pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads how much memory a worker process holds resident: {@code VmRSS} of {@code /proc/<pid>/status}, which counts
 * what the heap ceiling misses (direct buffers, native libraries, thread stacks, metaspace, the code cache). Linux
 * only: elsewhere nothing is known. A reading is 10 to 20 µs of the calling thread (the kernel writes the file from
 * memory, no disk is involved), so the supervisor reads on its event loop: after each task of a worker with a
 * resident-memory ceiling, and once a second per worker under a pool budget. Unit tests use a fake.
 */
interface ResidentMemory {

  /** Knows nothing: every reading is -1. */
  ResidentMemory NONE = pid -> -1;

  /** Reads {@code /proc} on the calling thread: a few microseconds, from memory the kernel keeps, never a disk. */
  ResidentMemory PROC = ResidentMemory::procStatus;

  /**
   * @return the resident set of process {@code pid} in bytes, or -1 when it cannot be read (no {@code /proc}, the
   * process has gone)
   */
  long bytes(long pid);

  /** Whether {@link #PROC} can read anything on this machine. */
  static boolean procAvailable() {
    return Files.isReadable(Path.of("/proc/self/status"));
  }

  private static long procStatus(long pid) {
    if (pid <= 0) {
      return -1;
    }
    byte[] status;
    try (InputStream in = Files.newInputStream(Path.of("/proc", Long.toString(pid), "status"))) {
      status = in.readNBytes(4096);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return vmRss(new String(status, StandardCharsets.US_ASCII));
  }

  /**
   * @param status the text of {@code /proc/<pid>/status}
   * @return its {@code VmRSS} in bytes, or -1 when it has none (a zombie, a kernel thread)
   */
  static long vmRss(String status) {
    int at = status.indexOf("\nVmRSS:");
    if (at < 0) {
      return -1;
    }
    int i = at + "\nVmRSS:".length();
    while (i < status.length() && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) {
      i++;
    }
    long kib = 0;
    int digits = 0;
    while (i < status.length() && Character.isDigit(status.charAt(i))) {
      kib = kib * 10 + (status.charAt(i++) - '0');
      digits++;
    }
    return digits == 0 ? -1 : kib * 1024;
  }
}
