package io.phalanx.parallel.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time of this JVM's threads by kind, from {@code /proc/self/task/<tid>/schedstat} (nanoseconds, every
 * thread: the JIT's and the collector's too, which {@code ThreadMXBean} does not show). What a measurement needs to say
 * where the parent's CPU went: its event loops, the raw baselines' threads, its compilers, its collector or the rest.
 */
final class ThreadCpu {

  /** The kinds, in the order they are reported. */
  static final String[] KINDS = {"eventloop", "raw", "jit", "gc", "other"};

  private final Map<Long, Long> nanosByThread;
  private final Map<Long, String> kindByThread;

  private ThreadCpu(Map<Long, Long> nanosByThread, Map<Long, String> kindByThread) {
    this.nanosByThread = nanosByThread;
    this.kindByThread = kindByThread;
  }

  /** @return whether this machine gives per-thread run times (a Linux kernel with schedstat) */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/schedstat"));
  }

  /** Reads every live thread of this JVM. A thread that ends while it is read is left out. */
  static ThreadCpu now() {
    Map<Long, Long> nanos = new HashMap<>();
    Map<Long, String> kinds = new HashMap<>();
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path thread : threads) {
        try {
          long tid = Long.parseLong(thread.getFileName().toString());
          String runNanos = Files.readString(thread.resolve("schedstat")).trim().split("\\s+")[0];
          nanos.put(tid, Long.parseLong(runNanos));
          kinds.put(tid, kindOf(Files.readString(thread.resolve("comm")).trim()));
        } catch (IOException | NumberFormatException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list this JVM's threads in /proc/self/task", e);
    }
    return new ThreadCpu(nanos, kinds);
  }

  /**
   * @param name a thread's name as the kernel keeps it ({@code comm}: the first 15 bytes of the Java name)
   */
  static String kindOf(String name) {
    if (name.startsWith("vert.x-eventloo")) {
      return "eventloop";
    }
    if (name.startsWith("raw-")) {
      return "raw";
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
      return "gc";
    }
    return "other";
  }

  /**
   * @return the nanoseconds each kind of thread ran since {@code before}, a thread born since counted in full
   */
  Map<String, Long> since(ThreadCpu before) {
    Map<String, Long> byKind = new LinkedHashMap<>();
    for (String kind : KINDS) {
      byKind.put(kind, 0L);
    }
    nanosByThread.forEach((tid, nanos) -> byKind.merge(kindByThread.get(tid),
      nanos - before.nanosByThread.getOrDefault(tid, 0L), Long::sum));
    return byKind;
  }
}
