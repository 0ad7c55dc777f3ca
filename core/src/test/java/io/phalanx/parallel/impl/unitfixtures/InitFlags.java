package io.phalanx.parallel.impl.unitfixtures;

/**
 * Flags set by the static initializers of other fixtures. They live here, not in the fixtures themselves, because
 * reading a static field of a class initializes that class.
 */
public final class InitFlags {

  public static volatile boolean notATaskInitialized;
  public static volatile boolean taskInitialized;

  private InitFlags() {
  }
}
