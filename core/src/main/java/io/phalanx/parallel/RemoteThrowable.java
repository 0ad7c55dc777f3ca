package io.phalanx.parallel;

/**
 * A throwable that was raised in a worker JVM, rebuilt in the parent for display: it prints as the remote class and
 * message, with the remote stack frames and cause chain. The remote class itself is never loaded or instantiated.
 */
public final class RemoteThrowable extends RuntimeException {

  private final String remoteClassName;
  private final String remoteMessage;

  public RemoteThrowable(String remoteClassName, String remoteMessage, StackTraceElement[] stack, Throwable cause) {
    super(remoteMessage == null ? remoteClassName : remoteClassName + ": " + remoteMessage, cause);
    this.remoteClassName = remoteClassName;
    this.remoteMessage = remoteMessage;
    setStackTrace(stack);
  }

  public String remoteClassName() {
    return remoteClassName;
  }

  public String remoteMessage() {
    return remoteMessage;
  }

  @Override
  public String toString() {
    return "remote " + getMessage();
  }
}
