package io.phalanx.parallel.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the machine was with processes other than the benchmark's own, from {@code /proc/stat} (every CPU) and
 * {@code /proc/self/stat} (this JVM plus its children once waited for: worker JVMs, bare children, the Python and
 * Node scripts with their own children). A benchmark on 2 cores is only meaningful on an otherwise idle machine;
 * this says whether it was.
 */
final class MachineLoad {

  private final long totalTicks;
  private final long busyTicks;
  private final long ownTicks;

  private MachineLoad(long totalTicks, long busyTicks, long ownTicks) {
    this.totalTicks = totalTicks;
    this.busyTicks = busyTicks;
    this.ownTicks = ownTicks;
  }

  /** @return the counters now; {@code null} where {@code /proc} cannot be read */
  static MachineLoad sample() {
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long total = 0;
      // user nice system idle iowait irq softirq steal (guest time is already in user)
      for (int i = 1; i <= 8 && i < cpu.length; i++) {
        total += Long.parseLong(cpu[i]);
      }
      long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
      String self = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
      // after the command: state(3) ... utime(14) stime(15) cutime(16) cstime(17), here 0-based from state
      long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
        + Long.parseLong(fields[14]);
      return new MachineLoad(total, total - idle, own);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * @return the share of the machine's CPU time (all cores) used by other processes between {@code earlier} and
   *   this sample, in percent; {@code null} when unknown
   */
  Double othersPercentSince(MachineLoad earlier) {
    if (earlier == null) {
      return null;
    }
    long total = totalTicks - earlier.totalTicks;
    if (total <= 0) {
      return null;
    }
    long others = (busyTicks - earlier.busyTicks) - (ownTicks - earlier.ownTicks);
    return Math.max(0, 100.0 * others / total);
  }

  /** @return the machine's CPU time (all cores) between {@code earlier} and this sample, in clock ticks */
  long totalTicksSince(MachineLoad earlier) {
    return Math.max(1, totalTicks - earlier.totalTicks);
  }

  /**
   * @return the share of the machine's CPU time used by any process (this one included), in percent
   */
  Double busyPercentSince(MachineLoad earlier) {
    if (earlier == null || totalTicks <= earlier.totalTicks) {
      return null;
    }
    return 100.0 * (busyTicks - earlier.busyTicks) / (totalTicks - earlier.totalTicks);
  }
}
