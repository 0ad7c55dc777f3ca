package io.phalanx.parallel;

/**
 * Gives a failure the stack of the worker thread it is about, as {@link TaskFailedException} does: the caller's
 * printed stack trace then shows the line where its task was, not where the parent noticed.
 */
final class RemoteStacks {

  private RemoteStacks() {
  }

  /**
   * @return whether {@code failure} now carries the remote stack ({@code false} when there is none)
   */
  static boolean apply(Throwable failure, StackTraceElement[] remoteStack) {
    if (remoteStack == null || remoteStack.length == 0) {
      return false;
    }
    failure.setStackTrace(remoteStack.clone());
    return true;
  }
}
