package io.phalanx.parallel.tasktypes;

import java.util.List;

/**
 * What may not be a task or sit in a task's fields, and the words used to say so. This one list is shared by the
 * runtime check at dispatch ({@link TaskClassInspector}) and the compile-time check of the
 * {@code phalanx-parallel-codegen} annotation processor, so the two always agree.
 * <p>
 * The list holds class names, not classes, so the annotation processor can use it without loading anything.
 */
public final class TaskTypeRules {

  private TaskTypeRules() {
  }

  /**
   * A type whose values cannot cross a process boundary, with the reason shown to the user.
   *
   * @param typeName the fully qualified name; a field whose type is this type or a subtype of it is refused
   * @param reason   why, in a few words
   */
  public record ForbiddenType(String typeName, String reason) {
  }

  /**
   * Any type in this package is a functional interface; so is any interface annotated
   * {@code @FunctionalInterface}.
   */
  public static final String FUNCTION_PACKAGE = "java.util.function";

  private static final String CLOSURE = "a closure: its code cannot cross a process boundary";
  private static final String THREAD = "a thread or executor belongs to one JVM";
  private static final String IO = "an open stream, socket or channel belongs to one process";
  private static final String JDBC = "a database connection belongs to one process; reach the database through a "
    + "parent service";
  private static final String VERTX = "a Vert.x object belongs to one JVM; use TaskScope.vertx() inside the worker";
  private static final String ASYNC = "a pending async result cannot cross a process boundary; send its value instead";

  /**
   * Types refused in task fields (and their subtypes), in the order they are checked: the first one a field's type
   * is a subtype of gives the reason, so a type comes before any of its supertypes ({@code Thread} before
   * {@code Runnable}).
   */
  public static final List<ForbiddenType> FORBIDDEN_TYPES = List.of(
    new ForbiddenType("java.lang.Thread", THREAD),
    new ForbiddenType("java.lang.Runnable", CLOSURE),
    new ForbiddenType("java.util.concurrent.Callable", CLOSURE),
    new ForbiddenType("io.vertx.core.Handler", CLOSURE),
    new ForbiddenType("io.phalanx.parallel.task.TaskScope", "the task scope exists only inside a running worker"),
    new ForbiddenType("java.lang.ThreadGroup", THREAD),
    new ForbiddenType("java.lang.ThreadLocal", THREAD),
    new ForbiddenType("java.util.concurrent.Executor", THREAD),
    new ForbiddenType("java.util.Timer", THREAD),
    new ForbiddenType("java.util.concurrent.locks.Lock", THREAD),
    new ForbiddenType("java.lang.ClassLoader", "a class loader belongs to one JVM"),
    new ForbiddenType("java.lang.Process", "a process handle belongs to its parent"),
    new ForbiddenType("java.lang.ProcessHandle", "a process handle belongs to its parent"),
    new ForbiddenType("java.util.stream.BaseStream", "a stream is a one-shot pipeline, not data; collect it into a "
      + "list first"),
    new ForbiddenType("java.util.Iterator", "an iterator is a cursor over another object; pass a list instead"),
    new ForbiddenType("java.io.InputStream", IO),
    new ForbiddenType("java.io.OutputStream", IO),
    new ForbiddenType("java.io.Reader", IO),
    new ForbiddenType("java.io.Writer", IO),
    new ForbiddenType("java.io.RandomAccessFile", IO),
    new ForbiddenType("java.net.Socket", IO),
    new ForbiddenType("java.net.ServerSocket", IO),
    new ForbiddenType("java.net.DatagramSocket", IO),
    new ForbiddenType("java.nio.channels.Channel", IO),
    new ForbiddenType("java.nio.channels.Selector", IO),
    new ForbiddenType("java.net.http.HttpClient", IO),
    new ForbiddenType("java.sql.Connection", JDBC),
    new ForbiddenType("java.sql.Statement", JDBC),
    new ForbiddenType("java.sql.ResultSet", JDBC),
    new ForbiddenType("javax.sql.DataSource", JDBC),
    new ForbiddenType("java.util.concurrent.Future", ASYNC),
    new ForbiddenType("java.util.concurrent.CompletionStage", ASYNC),
    new ForbiddenType("io.vertx.core.Vertx", VERTX),
    new ForbiddenType("io.vertx.core.Context", VERTX),
    new ForbiddenType("io.vertx.core.Verticle", VERTX),
    new ForbiddenType("io.vertx.core.Deployable", VERTX),
    new ForbiddenType("io.vertx.core.eventbus.EventBus", VERTX),
    new ForbiddenType("io.vertx.core.eventbus.Message", VERTX),
    new ForbiddenType("io.vertx.core.streams.StreamBase", VERTX),
    new ForbiddenType("io.vertx.core.Future", ASYNC),
    new ForbiddenType("io.vertx.core.Promise", ASYNC));

  // The messages, formatted with String.format. Both checks use exactly these.

  /** %s: the class. */
  public static final String LAMBDA_MESSAGE = "%s is a lambda or method reference: a closure cannot cross the process "
    + "boundary. Declare a record that implements Task and holds the data the work needs";

  /** %s: the class. */
  public static final String ANONYMOUS_MESSAGE = "%s is an anonymous class: it cannot be rebuilt in a worker JVM. "
    + "Declare a top-level or static nested record that implements Task";

  /** %s: the class. */
  public static final String LOCAL_MESSAGE = "%s is a local class: it cannot be rebuilt in a worker JVM. "
    + "Declare a top-level or static nested record that implements Task";

  /** %s: the class. */
  public static final String INNER_MESSAGE = "%s is a non-static inner class: it holds a hidden reference to its "
    + "enclosing instance. Make it static, or a record";

  /** %s: the class. */
  public static final String ABSTRACT_MESSAGE = "%s is abstract or an interface: a worker can only build a concrete "
    + "class. Send an instance of a concrete record instead";

  /** 1: the field, 2: the class, 3: the field's type, 4: the reason. */
  public static final String FIELD_MESSAGE = "field '%s' of %s has type %s, which cannot cross a process boundary "
    + "(%s). Keep only plain data in task fields";

  /** 1: the field, 2: the class, 3: the field's type. */
  public static final String FUNCTIONAL_FIELD_MESSAGE = "field '%s' of %s has type %s, a functional interface: a "
    + "closure cannot cross a process boundary. Keep only plain data in task fields";

  /** %s: the class. */
  public static final String NOT_CONSTRUCTIBLE_MESSAGE = "%s cannot be built by Jackson in the worker: make it a "
    + "record, or give it a @JsonCreator constructor or a public no-argument constructor";

  /**
   * @return the forbidden type whose name is given, or {@code null}
   */
  public static ForbiddenType forbidden(String typeName) {
    for (ForbiddenType type : FORBIDDEN_TYPES) {
      if (type.typeName().equals(typeName)) {
        return type;
      }
    }
    return null;
  }
}
