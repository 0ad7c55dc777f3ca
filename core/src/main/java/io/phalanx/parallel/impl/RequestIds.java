package io.phalanx.parallel.impl;

import java.util.UUID;

/**
 * The ids that may cancel a task. Whoever knows a request id may cancel its task, so an id must not be guessable: the
 * pool takes only random (version 4) UUIDs, 122 random bits, and the client makes them with {@link UUID#randomUUID()}
 * (a {@code SecureRandom}). Tasks handed to a pool of the same Vert.x have no id at all: only their own execution can
 * cancel them.
 */
public final class RequestIds {

  private static final int LENGTH = 36;

  private RequestIds() {
  }

  /** @return a fresh id: 122 bits from {@code SecureRandom} */
  public static String random() {
    return UUID.randomUUID().toString();
  }

  /**
   * @return whether {@code id} is a version 4 UUID in its canonical text form ({@code 8-4-4-4-12} hex digits, version
   * nibble 4, variant bits {@code 10}): the form that carries 122 random bits
   */
  public static boolean isRandomUuid(String id) {
    if (id == null || id.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return id.charAt(14) == '4' && "89abAB".indexOf(id.charAt(19)) >= 0;
  }

  /** What a refused id is told. */
  static String rule(String what) {
    return what + " must be a random UUID (version 4, as UUID.randomUUID() or crypto.randomUUID() make): whoever "
      + "knows a request id may cancel its task";
  }
}
