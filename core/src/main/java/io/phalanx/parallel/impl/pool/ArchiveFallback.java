package io.phalanx.parallel.impl.pool;

import java.util.List;

/**
 * The class-data sharing options of a slot's starts, and what happens when a JVM cannot start with them: it refuses
 * an archive it cannot map (a JDK 25 AOT cache whose objects do not fit the initial heap) and crashes on a damaged one
 * (a JDK 17 worker mapping a truncated archive dies of SIGBUS). A start with them whose process exits before it is
 * ready (not killed from outside: SIGKILL or SIGTERM say nothing of the archive) is tried again at once without them;
 * they are blamed ({@link WorkerCommand#sharingRefused}) only if that start is ready, so an exit that has nothing to do
 * with the archive stays the slot's crash, and the archive is kept.
 * <p>
 * Confined to the supervisor's context, like its slot.
 */
final class ArchiveFallback {

  private final WorkerCommand command;
  /** Those of the current process; empty without. */
  private List<String> current = List.of();
  /** Those of the process before, which exited before it was ready; {@code null} unless this start is the retry. */
  private List<String> refused;
  private String why;

  ArchiveFallback(WorkerCommand command) {
    this.command = command;
  }

  /** @return the options of a new start: the command's */
  List<String> start() {
    refused = null;
    current = command.sharingOptions();
    return current;
  }

  /** @return whether an exit before ready is to be tried again without the options: the process was started with them */
  boolean mayRetry() {
    return !current.isEmpty();
  }

  /**
   * @param why how the process started with them ended
   * @return the options of the start that tries again: none
   */
  List<String> retry(String why) {
    refused = current;
    this.why = why;
    current = List.of();
    return current;
  }

  /** @return the options the process was started with, as a log names them */
  String describe() {
    return String.join(" ", current);
  }

  /** The start is ready: if it was the retry, the options are to blame. */
  void ready() {
    if (refused != null) {
      command.sharingRefused(refused, why);
      refused = null;
    }
  }
}
