package io.phalanx.parallel.impl.codec;

import io.phalanx.parallel.EventBusHeaders;
import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code phalanx-*} headers of one task request, read and checked before anything else: each known header at most
 * once and well formed, no unknown header of the {@code phalanx-} family (a misspelt {@code phalanx-timout} would
 * silently not apply), random request ids, and a progress address that the request owns: under the pool's
 * {@code <address>.progress.} and ending in a random value that the sender made, so that no consumer of someone
 * else's can be named. Headers of other families (tracing and the like) are left alone.
 *
 * @param timeout         the timeout the request asks for in ms: -1 (none of its own) or more
 * @param requestId       the request's id, a random UUID, or {@code null}
 * @param progressAddress {@code <address>.progress.<random>}, or {@code null}
 * @param retries         how often the task may be tried again after a crash: -1 (the pool's) or more
 */
public record RequestHeaders(long timeout, String requestId, String progressAddress, int retries) {

  static final String FAMILY = "phalanx-";
  private static final Set<String> KNOWN = Set.of(EventBusHeaders.TIMEOUT, EventBusHeaders.REQUEST_ID,
    EventBusHeaders.PROGRESS_ADDRESS, EventBusHeaders.RETRIES);
  /** Long.MAX_VALUE has 19 digits. */
  private static final int MAX_TIMEOUT_DIGITS = 19;

  /** The address under which a request's progress address must lie. */
  static String progressPrefix(String poolAddress) {
    return poolAddress + ".progress.";
  }

  /**
   * @param poolAddress the pool's own address ({@link io.phalanx.parallel.ParallelConfig#getAddress()})
   * @throws IllegalArgumentException naming the header and what is wrong with it
   */
  public static RequestHeaders read(MultiMap headers, String poolAddress) {
    if (headers == null || headers.isEmpty()) {
      return new RequestHeaders(-1, null, null, -1);
    }
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(FAMILY) && !KNOWN.contains(lower)) {
        throw new IllegalArgumentException("unknown header '" + shorten(name) + "': a request knows "
          + EventBusHeaders.TIMEOUT + ", " + EventBusHeaders.RETRIES + ", " + EventBusHeaders.REQUEST_ID + " and "
          + EventBusHeaders.PROGRESS_ADDRESS
          + (lower.equals(EventBusHeaders.PROGRESS_COUNT) ? " (" + EventBusHeaders.PROGRESS_COUNT + " is a reply "
          + "header)" : ""));
      }
    }
    long timeout = timeout(single(headers, EventBusHeaders.TIMEOUT));
    String requestId = single(headers, EventBusHeaders.REQUEST_ID);
    if (requestId != null && !RequestIds.isRandom(requestId)) {
      throw new IllegalArgumentException(RequestIds.rule("header " + EventBusHeaders.REQUEST_ID) + "; was '"
        + shorten(requestId) + "'");
    }
    String progress = single(headers, EventBusHeaders.PROGRESS_ADDRESS);
    String prefix = progressPrefix(poolAddress);
    boolean owned = progress != null && progress.startsWith(prefix)
      && RequestIds.isRandom(progress.substring(prefix.length()));
    if (progress != null && !owned) {
      throw new IllegalArgumentException("header " + EventBusHeaders.PROGRESS_ADDRESS + " must be '" + prefix
        + "<random>', an address of the request's own whose last part is a random UUID or token (as the request id "
        + "is); progress goes to no other address. Was '" + shorten(progress) + "'");
    }
    return new RequestHeaders(timeout, requestId, progress, retries(single(headers, EventBusHeaders.RETRIES)));
  }

  private static int retries(String header) {
    if (header == null) {
      return -1;
    }
    boolean digits = !header.isEmpty() && header.length() <= 10;
    for (int i = 0; digits && i < header.length(); i++) {
      char c = header.charAt(i);
      digits = Character.isDigit(c) && c < 128 || i == 0 && c == '-' && header.length() > 1;
    }
    try {
      int retries = digits ? Integer.parseInt(header) : -2;
      if (retries >= -1) {
        return retries;
      }
    } catch (NumberFormatException tooLarge) {
      // reported below
    }
    throw new IllegalArgumentException("header " + EventBusHeaders.RETRIES + " must be a whole number from -1 to "
      + Integer.MAX_VALUE + " (-1: the pool's), was '" + shorten(header) + "'");
  }

  private static String single(MultiMap headers, String name) {
    List<String> values = headers.getAll(name);
    if (values.size() > 1) {
      throw new IllegalArgumentException("header " + name + " must be given once, was given " + values.size()
        + " times");
    }
    return values.isEmpty() ? null : values.get(0);
  }

  private static long timeout(String header) {
    if (header == null) {
      return -1;
    }
    boolean digits = !header.isEmpty() && header.length() <= MAX_TIMEOUT_DIGITS + 1;
    for (int i = 0; digits && i < header.length(); i++) {
      char c = header.charAt(i);
      digits = Character.isDigit(c) && c < 128 || i == 0 && c == '-' && header.length() > 1;
    }
    try {
      long timeout = digits ? Long.parseLong(header) : -2;
      if (timeout >= -1) {
        return timeout;
      }
    } catch (NumberFormatException tooLarge) {
      // reported below
    }
    throw new IllegalArgumentException("header " + EventBusHeaders.TIMEOUT + " must be a whole number of "
      + "milliseconds from -1 to " + Long.MAX_VALUE + " (0 and -1: the pool's timeout), was '" + shorten(header)
      + "'");
  }

  /** A value as a message quotes it: never the whole of a huge header. */
  public static String shorten(String value) {
    return value.length() <= 100 ? value : value.substring(0, 100) + "... (" + value.length() + " characters)";
  }
}
