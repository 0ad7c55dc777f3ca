package io.phalanx.parallel.service;

/**
 * The {@code failureCode()} of the {@code io.vertx.serviceproxy.ServiceException} a task gets when a call to a parent
 * service fails on its way, rather than in the service. A failure of the service itself keeps the code the service
 * gave ({@code ServiceException.fail(code, message)}; {@code -1} for a plain exception, as Vert.x's proxy handler
 * sends it); a {@code msg.fail(code, message)} reply keeps its code too.
 */
public final class ServiceFailureCodes {

  /** 403: refused by the parent: the address is not that of a parent service declared by a bundle. */
  public static final int REFUSED = 403;
  /** 404: no handler on the parent's event bus for the address (the service was unbound). */
  public static final int NO_HANDLER = 404;
  /**
   * 413: the call or its reply exceeds the pool's frame size limit ({@code ParallelConfig.setMaxFrameBytes}), or a
   * decoding limit of the protocol (a number longer than 1000 digits, values nested deeper than 1000 levels).
   */
  public static final int TOO_LARGE = 413;
  /**
   * 415: the call's body or its reply holds a value that cannot cross the process boundary (only null, strings,
   * booleans, numbers, characters, {@code JsonObject}, {@code JsonArray}, {@code Buffer} and {@code byte[]} can).
   */
  public static final int UNSUPPORTED_VALUE = 415;
  /**
   * 429: refused by the parent: the worker already has as many calls in flight as it may
   * ({@code ParallelConfig.setMaxServiceCallsInFlight}).
   */
  public static final int TOO_MANY_CALLS = 429;
  /** 500: the parent's event bus failed the call in another way. */
  public static final int FAILED = 500;
  /** 503: the worker could not send the call to the parent (its output is closed: the parent is gone). */
  public static final int UNAVAILABLE = 503;
  /** 504: no reply within the service call timeout ({@code ParallelConfig.setServiceCallTimeout}). */
  public static final int TIMEOUT = 504;

  private ServiceFailureCodes() {
  }
}
