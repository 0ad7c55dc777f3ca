package io.phalanx.parallel.impl.codec;

import java.util.UUID;

/**
 * The ids that may cancel a task, and the random part of a progress address. Whoever knows a request id may cancel its
 * task, and whoever knows a progress address may consume it, so neither may be guessable: the pool takes only random
 * (version 4) UUIDs, 122 random bits, or random tokens of at least 22 URL-safe characters (128 bits and more), and the
 * client makes UUIDs with {@link UUID#randomUUID()} (a {@code SecureRandom}). Tasks handed to a pool of the same Vert.x
 * have no id at all: only their own execution can cancel them.
 */
public final class RequestIds {

  private static final int UUID_LENGTH = 36;
  /** 22 characters of 64 kinds: 132 bits, as a 128-bit value in base64url. */
  private static final int MIN_TOKEN_LENGTH = 22;
  private static final int MAX_TOKEN_LENGTH = 128;
  /**
   * Fewer kinds of characters than this and a token is no random value ({@code local-0000000000000001}); a random one
   * of 22 characters has about 19 of 64 kinds, of 32 hex digits about 14 of 16.
   */
  private static final int MIN_DISTINCT_CHARACTERS = 8;

  private RequestIds() {
  }

  /** @return a fresh id: 122 bits from {@code SecureRandom} */
  public static String random() {
    return UUID.randomUUID().toString();
  }

  /**
   * @return whether {@code id} has the form of a random value: a version 4 UUID or a random token (a UUID of another
   * version, name-based or time-based, is neither)
   */
  public static boolean isRandom(String id) {
    return looksLikeUuid(id) ? isRandomUuid(id) : isRandomToken(id);
  }

  private static boolean looksLikeUuid(String id) {
    return id != null && id.length() == UUID_LENGTH && id.charAt(8) == '-' && id.charAt(13) == '-'
      && id.charAt(18) == '-' && id.charAt(23) == '-';
  }

  /**
   * @return whether {@code id} is a version 4 UUID in its canonical text form ({@code 8-4-4-4-12} hex digits, version
   * nibble 4, variant bits {@code 10}): the form that carries 122 random bits
   */
  static boolean isRandomUuid(String id) {
    if (id == null || id.length() != UUID_LENGTH) {
      return false;
    }
    for (int i = 0; i < UUID_LENGTH; i++) {
      char c = id.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return id.charAt(14) == '4' && "89abAB".indexOf(id.charAt(19)) >= 0;
  }

  /** 22 to 128 characters of {@code A-Z a-z 0-9 - _}, of at least 8 kinds. */
  static boolean isRandomToken(String id) {
    if (id == null || id.length() < MIN_TOKEN_LENGTH || id.length() > MAX_TOKEN_LENGTH) {
      return false;
    }
    java.util.BitSet kinds = new java.util.BitSet(128);
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean urlSafe = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_');
      if (!urlSafe) {
        return false;
      }
      kinds.set(c);
    }
    return kinds.cardinality() >= MIN_DISTINCT_CHARACTERS;
  }

  /** What a refused id is told. */
  static String rule(String what) {
    return what + " must be a random UUID (version 4, as UUID.randomUUID() or crypto.randomUUID() make) or a random "
      + "token of 22 to 128 characters of A-Z a-z 0-9 - _: whoever knows it may cancel the task";
  }
}
