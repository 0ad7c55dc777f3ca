package io.phalanx.parallel.worker;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * One service registered by itself ({@code ParallelConfig.addParentService} or {@code addLocalService}) rather than
 * through a {@code ServiceBundle}, by class names, as the parent and each worker learn it.
 * <p>
 * A worker learns a parent service's type and address only ({@code --parent-service TYPE=ADDRESS}): it builds the
 * proxy, never the implementation, and never sees its settings. It learns a local service's type and implementation
 * ({@code --local-service TYPE=IMPLEMENTATION}), which it builds itself.
 *
 * @param parent         whether the implementation lives in the parent (a {@code @ProxyGen} interface on an address)
 * @param type           the binary name of the type tasks ask for
 * @param address        the event-bus address of a parent service; {@code null} for a local one
 * @param implementation the binary name of the implementation class; {@code null} where it is never built (a parent
 *                       service in a worker)
 * @param config         the settings the implementation's {@code (Vertx, JsonObject)} constructor receives; empty for
 *                       none
 * @param blocking       whether the calls of a parent service run on a worker context
 */
public record ServiceSpec(boolean parent, String type, String address, String implementation, JsonObject config,
                          boolean blocking) {

  public ServiceSpec {
    Objects.requireNonNull(type, "type must not be null");
    if (parent) {
      Objects.requireNonNull(address, "a parent service needs an address");
    } else {
      Objects.requireNonNull(implementation, "a local service needs an implementation");
    }
    config = config == null ? new JsonObject() : config.copy();
  }

  /** A parent service as a worker knows it: its type and address. */
  public static ServiceSpec parentProxy(String type, String address) {
    return new ServiceSpec(true, type, address, null, null, false);
  }

  /** A local service: built in every process from its implementation class. */
  public static ServiceSpec local(String type, String implementation) {
    return new ServiceSpec(false, type, null, implementation, null, false);
  }

  /**
   * @return where the service was registered, for messages: {@code parent service com.acme.Store} or
   * {@code local service com.acme.Sieve}
   */
  public String origin() {
    return (parent ? "parent service " : "local service ") + type;
  }

  /** The command-line form: {@code TYPE=ADDRESS} for a parent service, {@code TYPE=IMPLEMENTATION} for a local one. */
  public String argument() {
    return type + "=" + (parent ? address : implementation);
  }

  /**
   * Reads the command-line form; the type (a class name) never holds {@code =}, the address may.
   *
   * @throws IllegalArgumentException when the value is not {@code TYPE=VALUE} with both parts non-blank
   */
  public static ServiceSpec parse(boolean parent, String argument) {
    int at = argument.indexOf('=');
    if (at <= 0 || at == argument.length() - 1 || argument.substring(0, at).isBlank()) {
      throw new IllegalArgumentException((parent ? "--parent-service needs TYPE=ADDRESS" : "--local-service needs "
        + "TYPE=IMPLEMENTATION") + ", was '" + argument + "'");
    }
    String type = argument.substring(0, at);
    String value = argument.substring(at + 1);
    return parent ? parentProxy(type, value) : local(type, value);
  }
}
