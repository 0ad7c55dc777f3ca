package io.phalanx.parallel.protocol;

/**
 * A value that {@link TypedValue} cannot carry across the process boundary.
 */
public final class UnsupportedValueException extends IllegalArgumentException {

  public UnsupportedValueException(String message) {
    super(message);
  }
}
