package io.phalanx.parallel.impl.cluster;

import io.phalanx.parallel.ParallelConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The readable name of this node's pool: {@link ParallelConfig#getNodeName()}, or {@code <host name>:<pid>}.
 */
public final class NodeNames {

  private NodeNames() {
  }

  public static String of(ParallelConfig config) {
    return config.getNodeName() != null ? config.getNodeName()
      : hostName() + ":" + ProcessHandle.current().pid();
  }

  /**
   * The kernel's host name where Linux tells it from a file, which costs no name lookup (a slow resolver would stall
   * the supervisor's start); otherwise what the JDK says.
   */
  static String hostName() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException notLinux) {
      // below
    }
    String fromEnvironment = System.getenv("HOSTNAME");
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.trim();
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
