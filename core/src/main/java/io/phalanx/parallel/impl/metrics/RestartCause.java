package io.phalanx.parallel.impl.metrics;

/**
 * Sorts the reason of a crash or of a replacement into a few causes, the {@code cause} tag of the restart counter
 * (a free-text reason would make a meter per crash).
 */
public final class RestartCause {

  static final String EXIT = "exit";
  static final String START_FAILURE = "start_failure";
  static final String PROTOCOL_ERROR = "protocol_error";
  /** Silent past the heartbeat timeout: SIGSTOPped, or stuck in a collection or at a safepoint. */
  public static final String UNRESPONSIVE = "unresponsive";
  static final String TASK_TIMEOUT = "task_timeout";
  static final String CANCEL_TIMEOUT = "cancel_timeout";
  static final String MAX_TASKS = "max_tasks";
  static final String MAX_HEAP = "max_heap";
  static final String MAX_RSS = "max_rss";
  static final String POOL_MEMORY = "pool_memory";
  static final String OTHER = "other";

  private RestartCause() {
  }

  /**
   * @param reason the {@code reason} of a {@code crashed} or {@code recycled} event
   */
  public static String of(String reason) {
    if (reason == null) {
      return OTHER;
    }
    if (reason.startsWith("protocol error")) {
      return PROTOCOL_ERROR;
    }
    if (reason.startsWith("unresponsive")) {
      return UNRESPONSIVE;
    }
    if (reason.startsWith("cannot be started") || reason.startsWith("sent no ready frame")
      || reason.contains("before sending its ready frame")) {
      return START_FAILURE;
    }
    if (reason.startsWith("exited") || reason.startsWith("closed its stdout")) {
      return EXIT;
    }
    if (reason.contains("ran past its timeout")) {
      return TASK_TIMEOUT;
    }
    if (reason.contains("ignored its cancellation")) {
      return CANCEL_TIMEOUT;
    }
    if (reason.startsWith("recycled after")) {
      return MAX_TASKS;
    }
    if (reason.startsWith("recycled with")) {
      return MAX_HEAP;
    }
    if (reason.startsWith("recycled at")) {
      return MAX_RSS;
    }
    if (reason.startsWith("recycled for the pool's memory budget")) {
      return POOL_MEMORY;
    }
    return OTHER;
  }

  /**
   * @param reason the {@code reason} of a {@code recycled} event
   * @return the setting whose limit replaced the process ({@code maxWorkerRss}, {@code taskTimeout} ...), or
   * {@code null} when no setting did
   */
  public static String limitOf(String reason) {
    return switch (of(reason)) {
      case TASK_TIMEOUT -> "taskTimeout";
      case CANCEL_TIMEOUT -> "cancelGracePeriod";
      case MAX_TASKS -> "maxTasksPerWorker";
      case MAX_HEAP -> "maxWorkerHeap";
      case MAX_RSS -> "maxWorkerRss";
      case POOL_MEMORY -> "maxPoolMemory";
      default -> null;
    };
  }
}
