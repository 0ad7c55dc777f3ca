package io.phalanx.parallel.impl.unitfixtures;

/** Not a task; its static initializer records that it ran. Nothing in the encoder may run it. */
public class NotATaskWithInitializer {

  static {
    InitFlags.notATaskInitialized = true;
  }

  public NotATaskWithInitializer() {
  }
}
