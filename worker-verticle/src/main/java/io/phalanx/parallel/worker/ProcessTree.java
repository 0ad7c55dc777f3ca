package io.phalanx.parallel.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The processes below a worker, found and ended without a shell. A worker runs in a process group of its own (the
 * pool starts it through {@code setsid} where that exists), so its group holds every process it started, including
 * those whose parent already died: {@link ProcessHandle#descendants()} loses a grandchild as soon as its parent is
 * gone, the group does not. Groups are read from {@code /proc} (Linux); elsewhere only descendants are found.
 * <p>
 * A process that leaves the group on purpose ({@code setsid} of its own) escapes: the worker is a fault boundary, not
 * a sandbox.
 */
public final class ProcessTree {

  private static final Path PROC = Path.of("/proc");

  private ProcessTree() {
  }

  /**
   * @return the process group of {@code pid}, when {@code /proc} tells it
   */
  public static OptionalLong groupOf(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so count from the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return OptionalLong.of(Long.parseLong(fields[2]));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Whether {@code pid} leads a process group of its own. */
  public static boolean leadsItsGroup(long pid) {
    OptionalLong group = groupOf(pid);
    return group.isPresent() && group.getAsLong() == pid;
  }

  /**
   * @return the live processes of group {@code pgid}, its leader included if alive
   */
  public static List<ProcessHandle> groupMembers(long pgid) {
    List<ProcessHandle> members = new ArrayList<>();
    try (Stream<Path> entries = Files.list(PROC)) {
      entries.forEach(entry -> {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
          long pid = Long.parseLong(name);
          OptionalLong group = groupOf(pid);
          if (group.isPresent() && group.getAsLong() == pgid) {
            ProcessHandle.of(pid).ifPresent(members::add);
          }
        }
      });
    } catch (IOException | RuntimeException e) {
      // no /proc: nothing found this way
    }
    return members;
  }

  /**
   * Signals every process of group {@code pgid} except {@code spare} (SIGKILL when {@code force}, else SIGTERM), the
   * descendants of the leader first found too.
   *
   * @return how many processes were signalled
   */
  public static int signalGroup(long pgid, boolean force, long spare) {
    int signalled = 0;
    List<ProcessHandle> targets = new ArrayList<>(groupMembers(pgid));
    ProcessHandle.of(pgid).ifPresent(leader -> leader.descendants().forEach(targets::add));
    for (ProcessHandle process : targets) {
      if (process.pid() != spare && signal(process, force)) {
        signalled++;
      }
    }
    return signalled;
  }

  /**
   * Ends every process below the calling JVM: its whole group when it leads one, else its descendants. Called by a
   * worker on its way out.
   */
  public static void endOwnChildren() {
    long self = ProcessHandle.current().pid();
    if (leadsItsGroup(self)) {
      signalGroup(self, true, self);
    } else {
      ProcessHandle.current().descendants().forEach(child -> signal(child, true));
    }
  }

  private static boolean signal(ProcessHandle process, boolean force) {
    try {
      return force ? process.destroyForcibly() : process.destroy();
    } catch (RuntimeException e) {
      // not ours to signal, or gone already
      return false;
    }
  }
}
