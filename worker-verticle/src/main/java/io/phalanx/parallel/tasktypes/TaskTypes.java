package io.phalanx.parallel.tasktypes;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.phalanx.parallel.task.Task;

/**
 * Finds {@code R}, the result type a task class declares through {@code Task<R>}.
 */
public final class TaskTypes {

  private TaskTypes() {
  }

  /**
   * @return the declared result type; {@code Object} when the class leaves {@code R} open (a generic task)
   */
  public static JavaType resultType(TypeFactory types, Class<?> taskClass) {
    JavaType[] parameters = types.constructType(taskClass).findTypeParameters(Task.class);
    if (parameters.length == 1 && parameters[0] != null) {
      return parameters[0];
    }
    return types.constructType(Object.class);
  }
}
