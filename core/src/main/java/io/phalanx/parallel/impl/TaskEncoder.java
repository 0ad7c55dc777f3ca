package io.phalanx.parallel.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.Task;
import io.phalanx.parallel.protocol.AllowedTasks;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.FrameTooLargeException;
import io.phalanx.parallel.protocol.TaskClassInspector;
import io.phalanx.parallel.protocol.TaskFrame;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an event-bus request body into a {@code task} frame, refusing with {@link InvalidTaskException} anything a
 * worker could not run: an unknown class, a class that is not a {@link Task}, a closure, or state Jackson cannot
 * carry across. A class named in a JSON request is loaded without being initialized and never instantiated here.
 */
final class TaskEncoder {

  /** A request that passed the class checks: what goes into the frame. */
  record Checked(String className, Object args) {
  }

  private final FrameCodec codec;
  private final String address;
  private final ClassLoader loader;
  private final AllowedTasks allowed;
  /** Classes whose instances were seen to survive a JSON round trip, so the check runs once per class. */
  private final Map<Class<?>, Boolean> roundTripped = new ConcurrentHashMap<>();

  TaskEncoder(FrameCodec codec, String address, ClassLoader loader) {
    this(codec, address, loader, AllowedTasks.anyTask());
  }

  TaskEncoder(FrameCodec codec, String address, ClassLoader loader, AllowedTasks allowed) {
    this.codec = codec;
    this.address = address;
    this.loader = loader;
    this.allowed = allowed;
  }

  Checked check(Object body) throws InvalidTaskException {
    if (body instanceof Task<?> task) {
      requireAllowed(task.getClass().getName());
      requireSendable(task.getClass());
      return new Checked(task.getClass().getName(), task);
    }
    if (body instanceof EncodedTask encoded) {
      loadTaskClass(encoded.className());
      return new Checked(encoded.className(), encoded.args());
    }
    if (body instanceof JsonObject json) {
      return checkJson(json);
    }
    throw invalid("a request body must be a Task or a JsonObject {\"task\": \"<class name>\", \"args\": {...}}, was "
      + (body == null ? "null" : body.getClass().getName()));
  }

  private Checked checkJson(JsonObject json) throws InvalidTaskException {
    Object name = json.getValue("task");
    if (!(name instanceof String className) || className.isBlank()) {
      throw invalid("a JSON request needs a string field 'task' naming the task class, was " + json.encode());
    }
    Object args = json.getValue("args");
    if (args != null && !(args instanceof JsonObject)) {
      throw invalid("field 'args' of a JSON request must be an object, was " + json.encode());
    }
    loadTaskClass(className);
    try {
      JsonNode tree = codec.mapper().readTree(args == null ? "{}" : ((JsonObject) args).encode());
      return new Checked(className, tree);
    } catch (IOException e) {
      throw invalid("the arguments of " + className + " are not valid JSON: " + e.getMessage());
    }
  }

  private void requireAllowed(String className) throws InvalidTaskException {
    String refusal = allowed.refusal(className);
    if (refusal != null) {
      throw invalid(refusal);
    }
  }

  private void loadTaskClass(String className) throws InvalidTaskException {
    requireAllowed(className);
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw invalid("unknown task class " + className);
    }
    requireSendable(type);
  }

  private void requireSendable(Class<?> type) throws InvalidTaskException {
    String problem = TaskClassInspector.problem(type).orElse(null);
    if (problem != null) {
      throw invalid(problem);
    }
  }

  /**
   * @throws InvalidTaskException when the task's state cannot be written, read back, or fit in a frame
   */
  byte[] encode(Checked checked, long id) throws InvalidTaskException {
    return encode(checked, id, null);
  }

  /**
   * @param trace the propagation headers of the task's span, for the frame's {@code trace} field; {@code null} for
   *              a task that is not traced, whose frame then has no such field
   */
  byte[] encode(Checked checked, long id, java.util.Map<String, String> trace) throws InvalidTaskException {
    if (checked.args() instanceof Task<?> task) {
      requireRoundTrip(task);
    }
    try {
      return codec.encode(new TaskFrame(id, checked.className(), checked.args(), trace));
    } catch (FrameTooLargeException e) {
      throw invalid("task " + checked.className() + " exceeds the frame size limit of " + e.limit()
        + " bytes (ParallelConfig.setMaxFrameBytes)");
    } catch (IOException | RuntimeException e) {
      throw invalid("the state of " + checked.className() + " cannot be written as JSON: " + e.getMessage());
    }
  }

  private void requireRoundTrip(Task<?> task) throws InvalidTaskException {
    Class<?> type = task.getClass();
    if (roundTripped.containsKey(type)) {
      return;
    }
    ObjectMapper mapper = codec.mapper();
    try {
      mapper.treeToValue(mapper.valueToTree(task), type);
    } catch (IOException | RuntimeException e) {
      throw invalid("the state of " + type.getName() + " does not survive the trip to a worker as JSON: "
        + e.getMessage());
    }
    roundTripped.put(type, Boolean.TRUE);
  }

  private InvalidTaskException invalid(String message) {
    return new InvalidTaskException(message + " (pool '" + address + "')");
  }
}
