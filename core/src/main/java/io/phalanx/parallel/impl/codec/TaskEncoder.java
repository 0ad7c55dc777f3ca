package io.phalanx.parallel.impl.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.parallel.InvalidTaskException;
import io.phalanx.parallel.protocol.FrameCodec;
import io.phalanx.parallel.protocol.FrameTooLargeException;
import io.phalanx.parallel.protocol.RawJson;
import io.phalanx.parallel.protocol.TaskFrame;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.tasktypes.AllowedTasks;
import io.phalanx.parallel.tasktypes.TaskClassInspector;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an event-bus request body into a {@code task} frame, refusing with {@link InvalidTaskException} anything a
 * worker could not run: an unknown class, a class that is not a {@link Task}, a closure, or state Jackson cannot
 * carry across. A JSON request is checked for its shape and bounds ({@link JsonLimits}) before anything is built from
 * it; the class it names is loaded only once its class files show it is a task ({@link TaskClassFiles}), without
 * being initialized, and never instantiated here.
 */
public final class TaskEncoder {

  /** A request that passed the class checks: what goes into the frame. */
  public record Checked(String className, Object args) {
  }

  /** Longer than any class name a compiler writes; the JVM's own limit is 65535. */
  static final int MAX_CLASS_NAME_LENGTH = 1_000;
  private static final byte[] EMPTY_ARGS = {'{', '}'};
  private static final List<String> JDK_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

  private final FrameCodec codec;
  private final JsonLimits limits;
  private final String address;
  private final ClassLoader loader;
  private final AllowedTasks allowed;
  /** Names whose class files were seen to implement {@code Task}: their hierarchy is read once. */
  private final Set<String> knownTasks = ConcurrentHashMap.newKeySet();
  /** Classes whose instances were seen to survive a JSON round trip, so the check runs once per class. */
  private final Map<Class<?>, Boolean> roundTripped = new ConcurrentHashMap<>();

  public TaskEncoder(FrameCodec codec, String address, ClassLoader loader) {
    this(codec, address, loader, AllowedTasks.anyTask());
  }

  public TaskEncoder(FrameCodec codec, String address, ClassLoader loader, AllowedTasks allowed) {
    this.codec = codec;
    this.limits = new JsonLimits(codec.maxFrameBytes());
    this.address = address;
    this.loader = loader;
    this.allowed = allowed;
  }

  public Checked check(Object body) throws InvalidTaskException {
    if (body instanceof PreparedTask prepared) {
      if (prepared.encoder() != this) {
        throw invalid("a task prepared for another pool");
      }
      return new Checked(prepared.className(), prepared.args());
    }
    if (body instanceof Task<?> task) {
      requireAllowed(task.getClass().getName());
      requireSendable(task.getClass());
      return new Checked(task.getClass().getName(), task);
    }
    if (body instanceof EncodedTask encoded) {
      requireClassName(encoded.className());
      requireWithinLimits(encoded.args() instanceof RawJson raw ? limits.problem(raw)
        : encoded.args() instanceof JsonNode tree ? limits.problem(tree) : null);
      loadTaskClass(encoded.className());
      return new Checked(encoded.className(), encoded.args());
    }
    if (body instanceof JsonObject json) {
      return checkJson(json);
    }
    throw invalid("a request body must be a Task (codec " + TaskMessageCodec.NAME + ") or a JsonObject {\"task\": "
      + "\"<class name>\", \"args\": {...}}, was " + (body == null ? "null" : "a " + body.getClass().getName()));
  }

  /**
   * Checks the request's shape and bounds before anything is built from it: nothing here encodes or copies the
   * arguments until they are known to be within the limits.
   */
  private Checked checkJson(JsonObject json) throws InvalidTaskException {
    for (Object field : json.getMap().keySet()) {
      if (!"task".equals(field) && !"args".equals(field)) {
        throw invalid("a JSON request has the fields 'task' and 'args' only, was given '"
          + RequestHeaders.shorten(String.valueOf(field)) + "'");
      }
    }
    Object name = json.getValue("task");
    if (!(name instanceof String className)) {
      throw invalid("a JSON request needs a string field 'task' naming the task class, was " + typeOf(name));
    }
    requireClassName(className);
    Object args = json.getValue("args");
    if (args != null && !(args instanceof JsonObject)) {
      throw invalid("field 'args' of a JSON request must be an object, was " + typeOf(args));
    }
    requireWithinLimits(args == null ? null : limits.problem(args));
    loadTaskClass(className);
    try {
      // the walk above allowed JSON values only: Vert.x's own encoding is the frame's arguments, with no tree between
      byte[] bytes = args == null ? EMPTY_ARGS : ((JsonObject) args).toBuffer().getBytes();
      return new Checked(className, new RawJson(bytes, 0, bytes.length));
    } catch (RuntimeException e) {
      throw invalid("the arguments of " + className + " are not valid JSON: " + e.getMessage());
    }
  }

  private static String typeOf(Object value) {
    return value == null ? "missing" : "a " + value.getClass().getSimpleName();
  }

  private void requireWithinLimits(String problem) throws InvalidTaskException {
    if (problem != null) {
      throw invalid(problem);
    }
  }

  /**
   * A task class's binary name: identifiers separated by dots, no array or descriptor syntax, and never a class of
   * the JDK's own packages (none of them is a task; refused without being loaded).
   */
  private void requireClassName(String className) throws InvalidTaskException {
    boolean valid = !className.isEmpty() && className.length() <= MAX_CLASS_NAME_LENGTH;
    boolean segmentStart = true;
    for (int i = 0; valid && i < className.length(); i++) {
      char c = className.charAt(i);
      if (c == '.') {
        valid = !segmentStart && i < className.length() - 1;
        segmentStart = true;
      } else {
        valid = segmentStart ? Character.isJavaIdentifierStart(c) : Character.isJavaIdentifierPart(c);
        segmentStart = false;
      }
    }
    if (!valid) {
      throw invalid("'task' must be the binary name of a task class (identifiers separated by dots, at most "
        + MAX_CLASS_NAME_LENGTH + " characters), was '" + RequestHeaders.shorten(className) + "'");
    }
    for (String jdk : JDK_PACKAGES) {
      if (className.startsWith(jdk)) {
        throw invalid(className + " does not implement " + Task.class.getName() + " (no class of the JDK's packages "
          + "does; refused without loading it)");
      }
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
    if (!knownTasks.contains(className)) {
      // a class that is not a task is never loaded: its class file says so
      TaskClassFiles.Verdict verdict = TaskClassFiles.of(loader, className);
      if (verdict == TaskClassFiles.Verdict.NOT_A_TASK) {
        throw invalid(className + " does not implement " + Task.class.getName() + " (refused without loading it)");
      }
      if (verdict == TaskClassFiles.Verdict.TASK) {
        // bounded by the task classes there are: only names of real tasks are kept
        knownTasks.add(className);
      }
    }
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
   * Checks and encodes a task on the caller's thread, as {@link #check} and {@link #encode} would on the pool's: a
   * large task costs its caller, not the event loop that every worker's frames go through. Thread-safe.
   *
   * @throws InvalidTaskException when {@link #check} or {@link #encode} would refuse the task
   */
  public PreparedTask prepare(Task<?> task) throws InvalidTaskException {
    Checked checked = check(task);
    requireRoundTrip(task);
    try {
      return new PreparedTask(checked.className(), codec.encodeValue(task), this);
    } catch (IOException | RuntimeException e) {
      throw unwritable(checked.className(), e);
    }
  }

  /**
   * @throws InvalidTaskException when the task's state cannot be written, read back, or fit in a frame
   */
  public byte[] encode(Checked checked, long id) throws InvalidTaskException {
    return encode(checked, id, null);
  }

  /**
   * @param trace the propagation headers of the task's span, for the frame's {@code trace} field; {@code null} for
   *              a task that is not traced, whose frame then has no such field
   */
  public byte[] encode(Checked checked, long id, java.util.Map<String, String> trace) throws InvalidTaskException {
    if (checked.args() instanceof Task<?> task) {
      requireRoundTrip(task);
    }
    try {
      return codec.encode(new TaskFrame(id, checked.className(), checked.args(), trace));
    } catch (IOException | RuntimeException e) {
      throw unwritable(checked.className(), e);
    }
  }

  private InvalidTaskException unwritable(String className, Exception e) {
    if (e instanceof FrameTooLargeException tooLarge) {
      return invalid("task " + className + " exceeds the frame size limit of " + tooLarge.limit()
        + " bytes (ParallelConfig.setMaxFrameBytes)");
    }
    return invalid("the state of " + className + " cannot be written as JSON: " + e.getMessage());
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
