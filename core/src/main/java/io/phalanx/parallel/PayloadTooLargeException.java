package io.phalanx.parallel;

/**
 * The task's answer (its result, or the exception it threw) breaks a limit of the protocol: it is larger than the
 * frame size limit ({@link ParallelConfig#setMaxFrameBytes}), or holds a number longer than 1000 digits or values
 * nested deeper than 1000 levels. Only that task fails: the worker serves on, and the failure does not count as a
 * crash. Event-bus failure code {@link FailureCodes#PAYLOAD_TOO_LARGE}.
 */
public class PayloadTooLargeException extends ParallelException {

  public PayloadTooLargeException(String message) {
    super(message, FailureCodes.PAYLOAD_TOO_LARGE, null, false);
  }
}
