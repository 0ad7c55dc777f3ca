package io.phalanx.parallel.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.phalanx.parallel.protocol.RawJson;
import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.tasktypes.AllowedTasks;
import io.phalanx.parallel.tasktypes.TaskClassInspector;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a task from its frame. The class is checked before anything of it runs: it is loaded without being
 * initialized, and only a class implementing {@link Task} that passes the {@link TaskClassInspector} is handed to
 * Jackson. Nothing inside the arguments can choose another class (default typing is off).
 */
final class TaskInstantiator {

  private final ObjectMapper mapper;
  private final ClassLoader loader;
  private final AllowedTasks allowed;
  /**
   * A reader per task class that passed the checks, by class name: the checks and the reader's type resolution cost
   * more than a no-op task itself, and their answer cannot change for a loader and an allowlist that are fixed.
   */
  private final ConcurrentHashMap<String, ObjectReader> readers = new ConcurrentHashMap<>();

  TaskInstantiator(ObjectMapper mapper, ClassLoader loader) {
    this(mapper, loader, AllowedTasks.anyTask());
  }

  TaskInstantiator(ObjectMapper mapper, ClassLoader loader, AllowedTasks allowed) {
    this.mapper = mapper;
    this.loader = loader;
    this.allowed = allowed;
  }

  Task<?> instantiate(String className, Object args) throws InvalidTaskFrameException {
    ObjectReader reader = readers.get(className);
    if (reader == null) {
      reader = mapper.readerFor(checkedClass(className));
      readers.put(className, reader);
    }
    try {
      if (args instanceof RawJson raw) {
        return reader.readValue(raw.bytes(), raw.offset(), raw.length());
      }
      return reader.readValue((JsonNode) args);
    } catch (Exception e) {
      throw new InvalidTaskFrameException("cannot build " + className + " from its arguments: " + e.getMessage(), e);
    }
  }

  private Class<?> checkedClass(String className) throws InvalidTaskFrameException {
    String refusal = allowed.refusal(className);
    if (refusal != null) {
      throw new InvalidTaskFrameException(refusal, null);
    }
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new InvalidTaskFrameException("unknown task class " + className + " (not on the worker's classpath)", e);
    }
    if (!Task.class.isAssignableFrom(type)) {
      throw new InvalidTaskFrameException(className + " does not implement " + Task.class.getName(), null);
    }
    String problem = TaskClassInspector.problem(type).orElse(null);
    if (problem != null) {
      throw new InvalidTaskFrameException(problem, null);
    }
    return type;
  }

  /** The task frame names no usable task: the caller gets an invalid-task failure (400), not a task failure. */
  static final class InvalidTaskFrameException extends Exception {
    InvalidTaskFrameException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
