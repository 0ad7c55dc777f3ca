package io.phalanx.parallel;

/**
 * No mailbox could take the task: every live worker's mailbox is full (backpressure). Retry later, add workers or raise the mailbox limit.
 * Event-bus failure code {@link FailureCodes#MAILBOX_FULL}.
 */
public class MailboxOverflowException extends ParallelException {

  public MailboxOverflowException(String message) {
    super(message, FailureCodes.MAILBOX_FULL, null, true);
  }
}
