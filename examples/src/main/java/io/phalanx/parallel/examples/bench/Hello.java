package io.phalanx.parallel.examples.bench;

/**
 * The smallest JVM the benchmark starts: prints one line and exits. Its start-up time is the floor under a worker's.
 */
public final class Hello {

  private Hello() {
  }

  public static void main(String[] args) {
    System.out.println("hello");
  }
}
