package io.phalanx.parallel.impl.channel;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The channel directories ({@code phalanx-<pid>-<random>}) that parents killed without a chance to clean up
 * ({@code SIGKILL}, the kernel's OOM killer, a power cut of the container) left behind: one directory and one socket
 * file each, forever, in a shared temporary folder.
 * <p>
 * A directory is removed only when every one of these holds, so that nothing of a live pool is ever touched:
 * <ul>
 *   <li>its name carries a pid, and no process of that pid is alive (a pid reused since keeps the directory);</li>
 *   <li>it is a directory, not a link, owned by this JVM's user, and holds nothing but {@code channel.sock};</li>
 *   <li>nobody listens on that socket: a connection to it is refused. A parent in another pid namespace that
 *   shares the folder, whose pid means nothing here, still answers, and keeps its directory.</li>
 * </ul>
 * Blocking file and socket work: run it off the event loop.
 */
final class LeftoverChannelDirectories {

  static final String PREFIX = "phalanx-";
  static final String SOCKET_NAME = "channel.sock";
  private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{1,19})-[^/]+");
  /** The file-type bits of {@code unix:mode}, and those of a socket. */
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  private LeftoverChannelDirectories() {
  }

  /** The prefix of a channel directory made by the process {@code pid}. */
  static String prefixOf(long pid) {
    return PREFIX + pid + "-";
  }

  /**
   * Removes the leftovers found in {@code base}.
   *
   * @param owner whose directories may go: this JVM's user, as the owner of a directory it just made
   * @return the directories removed
   */
  static List<Path> sweep(Path base, UserPrincipal owner) throws IOException {
    List<Path> removed = new ArrayList<>();
    try (DirectoryStream<Path> candidates = Files.newDirectoryStream(base, PREFIX + "*")) {
      for (Path candidate : candidates) {
        if (isLeftover(candidate, owner) && remove(candidate)) {
          removed.add(candidate);
        }
      }
    }
    return removed;
  }

  /** @return whether this call removed it: another pool's sweep may have been first, or a file may have come */
  private static boolean remove(Path directory) {
    try {
      Files.deleteIfExists(directory.resolve(SOCKET_NAME));
      return Files.deleteIfExists(directory);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isLeftover(Path directory, UserPrincipal owner) {
    Matcher name = NAME.matcher(directory.getFileName().toString());
    if (!name.matches()) {
      return false;
    }
    try {
      long pid = Long.parseLong(name.group(1));
      if (ProcessHandle.of(pid).isPresent()
        || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
        || !owner.equals(Files.getOwner(directory, LinkOption.NOFOLLOW_LINKS))) {
        return false;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
        for (Path entry : entries) {
          if (!entry.getFileName().toString().equals(SOCKET_NAME) || !isDeadSocket(entry)) {
            return false;
          }
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      // gone meanwhile, unreadable, a pid out of range: not ours to judge
      return false;
    }
  }

  /** A socket file nobody listens on: a connection to it is refused at once. */
  private static boolean isDeadSocket(Path socket) throws IOException {
    Object mode = Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    if (!(mode instanceof Integer bits) || (bits & S_IFMT) != S_IFSOCK) {
      return false;
    }
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      // non-blocking: a listener with a full backlog answers "try again" instead of holding this thread
      probe.configureBlocking(false);
      probe.connect(UnixDomainSocketAddress.of(socket));
      return false;
    } catch (java.net.ConnectException refused) {
      return true;
    }
  }
}
