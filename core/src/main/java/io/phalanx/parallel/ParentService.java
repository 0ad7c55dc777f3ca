package io.phalanx.parallel;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * A service that lives in the parent and that tasks reach through its generated proxy: a {@code @ProxyGen}
 * interface, the class implementing it, the event-bus address it is bound to, and the settings the implementation
 * is built with. Register it with {@link ParallelConfig#addParentService(ParentService)}, or in one call with
 * {@link ParallelConfig#addParentService(Class, String, Class)}.
 * <p>
 * When the supervisor starts it builds the implementation with its public constructor {@code (Vertx, JsonObject)}
 * (which receives {@link #getConfig() the settings}), else {@code (Vertx)}, else {@code ()}, on a context of its own
 * (a worker context when {@link #setBlocking blocking}), and binds it with {@code ServiceBinder} to the address. A
 * worker learns the type and the address only: it builds the proxy, never the implementation, and never sees the
 * settings. The JSON form names the classes by their binary names:
 * {@code {"type": "com.acme.Store", "address": "acme.store", "implementation": "com.acme.JdbcStore",
 * "config": {...}, "blocking": true}}.
 */
@DataObject
@JsonGen(publicConverter = false)
public class ParentService {

  private String type;
  private String address;
  private String implementation;
  private JsonObject config = new JsonObject();
  private boolean blocking;

  public ParentService() {
  }

  public ParentService(ParentService other) {
    this.type = other.type;
    this.address = other.address;
    this.implementation = other.implementation;
    this.config = other.config.copy();
    this.blocking = other.blocking;
  }

  /**
   * @throws IllegalArgumentException naming an unknown key or a value of the wrong type
   */
  public ParentService(JsonObject json) {
    this();
    JsonSettings.apply(this, json);
  }

  /**
   * @param type           the {@code @ProxyGen} interface tasks ask for with {@code scope.service(type)}
   * @param address        the event-bus address the implementation is bound to in the parent
   * @param implementation the class implementing it, with a public constructor {@code (Vertx, JsonObject)},
   *                       {@code (Vertx)} or {@code ()}
   * @param <S>            the service type
   */
  @GenIgnore
  public <S> ParentService(Class<S> type, String address, Class<? extends S> implementation) {
    setType(Objects.requireNonNull(type, "type must not be null").getName());
    setAddress(address);
    setImplementation(Objects.requireNonNull(implementation, "implementation must not be null").getName());
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ParentServiceConverter.toJson(this, json);
    return json;
  }

  public String getType() {
    return type;
  }

  /**
   * @param type the binary name of the {@code @ProxyGen} interface
   */
  public ParentService setType(String type) {
    this.type = requireName("type", type);
    return this;
  }

  public String getAddress() {
    return address;
  }

  /**
   * @param address the event-bus address of the service; not one of the pool's own addresses
   */
  public ParentService setAddress(String address) {
    this.address = requireName("address", address);
    return this;
  }

  public String getImplementation() {
    return implementation;
  }

  /**
   * @param implementation the binary name of the class that implements the type
   */
  public ParentService setImplementation(String implementation) {
    this.implementation = requireName("implementation", implementation);
    return this;
  }

  public JsonObject getConfig() {
    return config;
  }

  /**
   * @param config the settings the implementation's {@code (Vertx, JsonObject)} constructor receives (a copy);
   *               default empty. They stay in the parent: no worker sees them.
   */
  public ParentService setConfig(JsonObject config) {
    this.config = Objects.requireNonNull(config, "config must not be null (empty for none)").copy();
    return this;
  }

  public boolean isBlocking() {
    return blocking;
  }

  /**
   * @param blocking whether the implementation blocks (JDBC, file I/O, a long computation): its calls then run on a
   *                 worker context of their own, one at a time in order; otherwise on an event-loop context of their
   *                 own. Never on the supervisor's. Default {@code false}.
   */
  public ParentService setBlocking(boolean blocking) {
    this.blocking = blocking;
    return this;
  }

  private static String requireName(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " of a parent service must not be blank, was " + value);
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParentService other && toJson().equals(other.toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  /** Names the settings' keys, never their values (a password among them stays out of logs). */
  @Override
  public String toString() {
    return "ParentService{type=" + type + ", address=" + address + ", implementation=" + implementation
      + ", config keys=" + config.fieldNames() + ", blocking=" + blocking + "}";
  }
}
