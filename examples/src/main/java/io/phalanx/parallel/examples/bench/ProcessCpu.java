package io.phalanx.parallel.examples.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The CPU time processes have used: this JVM's from its MXBean, other processes' from {@code /proc/PID/stat}. */
final class ProcessCpu {

  private ProcessCpu() {
  }

  /** This JVM's CPU time, every thread: the event loops, the process library's threads, the JIT compilers, the GC. */
  static long ownNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean bean) {
      return bean.getProcessCpuTime();
    }
    throw new IllegalStateException("no process CPU time on this JVM");
  }

  /** utime + stime of live processes, assuming the usual 100 ticks per second; a process gone is an error. */
  static long nanos(List<Long> pids) throws IOException {
    long ticks = 0;
    for (long pid : pids) {
      ticks += ticks(pid);
    }
    return ticks * 10_000_000L;
  }

  /** utime + stime of one process, in clock ticks. */
  static long ticks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // the command, in parentheses, may hold spaces: the fields are counted from after its closing one
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
