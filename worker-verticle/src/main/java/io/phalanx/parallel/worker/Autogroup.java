package io.phalanx.parallel.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives the worker's scheduling autogroup the worker's own nice value. Where the Linux kernel groups processes by
 * session ({@code /proc/sys/kernel/sched_autogroup_enabled}), CPU time is shared fairly between the groups first and
 * a process's nice value only weighs against the processes of its own group; a worker, which {@code setsid} puts in a
 * session of its own, would therefore compete with the parent's event loops at full weight whatever its nice value.
 * Writing that value to {@code /proc/self/autogroup} gives the whole group the priority the pool asked for.
 * <p>
 * It is done only by a session leader (in its own autogroup, which holds nothing but the worker and what its tasks
 * start), only to lower the priority, and quietly not where there is no such file.
 */
final class Autogroup {

  private static final Path STAT = Path.of("/proc/self/stat");
  private static final Path AUTOGROUP = Path.of("/proc/self/autogroup");

  private Autogroup() {
  }

  /** Gives this process's autogroup its nice value, when it is positive and the process leads its session. */
  static void followNice() {
    try {
      if (!Files.isWritable(AUTOGROUP)) {
        return;
      }
      String stat = Files.readString(STAT, StandardCharsets.US_ASCII);
      long pid = ProcessHandle.current().pid();
      int nice = niceOfSessionLeader(stat, pid);
      if (nice > 0) {
        Files.writeString(AUTOGROUP, Integer.toString(nice), StandardCharsets.US_ASCII);
      }
    } catch (IOException | RuntimeException e) {
      // no autogroups here, or not allowed: the process's own nice value is all there is
    }
  }

  /**
   * @param stat the text of {@code /proc/<pid>/stat}
   * @return the process's nice value when it leads its session, otherwise 0
   */
  static int niceOfSessionLeader(String stat, long pid) {
    // the command name, in parentheses, may hold spaces: the fields that follow start after the last ')'
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // fields[0] is field 3 of proc(5) (state): session is field 6, nice field 19
    long session = Long.parseLong(fields[3]);
    int nice = Integer.parseInt(fields[16]);
    return session == pid ? nice : 0;
  }
}
