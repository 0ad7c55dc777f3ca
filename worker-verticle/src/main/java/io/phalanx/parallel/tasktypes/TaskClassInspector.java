package io.phalanx.parallel.tasktypes;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.phalanx.parallel.task.Task;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Optional;

/**
 * The run-time check of a task class against {@link TaskTypeRules}: closures, classes a worker cannot rebuild, and
 * fields that cannot cross a process. Verdicts are cached per class.
 */
public final class TaskClassInspector {

  private static final ClassValue<Optional<String>> VERDICTS = new ClassValue<>() {
    @Override
    protected Optional<String> computeValue(Class<?> type) {
      return Optional.ofNullable(inspect(type));
    }
  };

  private TaskClassInspector() {
  }

  /**
   * @return why instances of {@code type} cannot be sent to a worker, or empty when they can
   */
  public static Optional<String> problem(Class<?> type) {
    return VERDICTS.get(type);
  }

  /**
   * Checks a value's run-time class, for values reached through fields whose declared type did not tell (such as
   * {@code Object}): closures and the forbidden types of {@link TaskTypeRules} cannot cross.
   *
   * @return why a value of this class cannot cross a process boundary, or {@code null}
   */
  public static String valueProblem(Class<?> type) {
    if (type.isSynthetic() || type.isHidden()) {
      return String.format(TaskTypeRules.LAMBDA_MESSAGE, type.getName());
    }
    if (type.isAnonymousClass()) {
      return String.format(TaskTypeRules.ANONYMOUS_MESSAGE, type.getName());
    }
    if (type.isLocalClass() && !type.isRecord() && !type.isEnum()) {
      return String.format(TaskTypeRules.LOCAL_MESSAGE, type.getName());
    }
    TaskTypeRules.ForbiddenType forbidden = forbiddenSupertype(type);
    if (forbidden != null) {
      return "a value of " + type.getName() + " cannot cross a process boundary (" + forbidden.reason() + ")";
    }
    return null;
  }

  private static String inspect(Class<?> type) {
    String name = type.getName();
    if (!Task.class.isAssignableFrom(type)) {
      return name + " does not implement " + Task.class.getName();
    }
    if (type.isSynthetic() || type.isHidden()) {
      return String.format(TaskTypeRules.LAMBDA_MESSAGE, name);
    }
    if (type.isAnonymousClass()) {
      return String.format(TaskTypeRules.ANONYMOUS_MESSAGE, name);
    }
    if (type.isLocalClass()) {
      return String.format(TaskTypeRules.LOCAL_MESSAGE, name);
    }
    if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
      return String.format(TaskTypeRules.INNER_MESSAGE, name);
    }
    if (type.isInterface() || (Modifier.isAbstract(type.getModifiers()) && !type.isEnum())) {
      return String.format(TaskTypeRules.ABSTRACT_MESSAGE, name);
    }
    String fieldProblem = inspectFields(type);
    if (fieldProblem != null) {
      return fieldProblem;
    }
    if (!constructible(type)) {
      return String.format(TaskTypeRules.NOT_CONSTRUCTIBLE_MESSAGE, name);
    }
    return null;
  }

  private static String inspectFields(Class<?> type) {
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        String problem = inspectField(type, component.getName(), component.getGenericType());
        if (problem != null) {
          return problem;
        }
      }
      return null;
    }
    for (Class<?> c = type; c != null && c != Object.class && !c.isEnum(); c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
          continue;
        }
        String problem = inspectField(type, field.getName(), field.getGenericType());
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  private static String inspectField(Class<?> owner, String field, Type fieldType) {
    Class<?> offending = offendingType(fieldType, 0);
    if (offending == null) {
      return null;
    }
    String shown = fieldType.getTypeName();
    TaskTypeRules.ForbiddenType forbidden = forbiddenSupertype(offending);
    if (forbidden != null) {
      return String.format(TaskTypeRules.FIELD_MESSAGE, field, owner.getName(), shown, forbidden.reason());
    }
    return String.format(TaskTypeRules.FUNCTIONAL_FIELD_MESSAGE, field, owner.getName(), shown);
  }

  /**
   * @return the class inside {@code type} (itself, an array component or a type argument) that cannot cross, or
   * {@code null}
   */
  private static Class<?> offendingType(Type type, int depth) {
    if (depth > 8) {
      return null;
    }
    if (type instanceof Class<?> c) {
      if (c.isArray()) {
        return offendingType(c.getComponentType(), depth + 1);
      }
      return forbiddenSupertype(c) != null || isFunctionalInterface(c) ? c : null;
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = offendingType(p.getRawType(), depth + 1);
      if (raw != null) {
        return raw;
      }
      for (Type argument : p.getActualTypeArguments()) {
        Class<?> found = offendingType(argument, depth + 1);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (type instanceof GenericArrayType a) {
      return offendingType(a.getGenericComponentType(), depth + 1);
    }
    if (type instanceof WildcardType w) {
      for (Type bound : w.getUpperBounds()) {
        Class<?> found = offendingType(bound, depth + 1);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (type instanceof TypeVariable<?> v) {
      for (Type bound : v.getBounds()) {
        Class<?> found = offendingType(bound, depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static TaskTypeRules.ForbiddenType forbiddenSupertype(Class<?> c) {
    for (TaskTypeRules.ForbiddenType forbidden : TaskTypeRules.FORBIDDEN_TYPES) {
      if (isSubtypeOf(c, forbidden.typeName())) {
        return forbidden;
      }
    }
    return null;
  }

  private static boolean isSubtypeOf(Class<?> c, String typeName) {
    if (c == null) {
      return false;
    }
    if (c.getName().equals(typeName)) {
      return true;
    }
    if (isSubtypeOf(c.getSuperclass(), typeName)) {
      return true;
    }
    for (Class<?> i : c.getInterfaces()) {
      if (isSubtypeOf(i, typeName)) {
        return true;
      }
    }
    return false;
  }

  static boolean isFunctionalInterface(Class<?> c) {
    return c.isInterface() && (c.isAnnotationPresent(FunctionalInterface.class)
      || TaskTypeRules.FUNCTION_PACKAGE.equals(c.getPackageName()));
  }

  private static boolean constructible(Class<?> type) {
    if (type.isRecord() || type.isEnum()) {
      return true;
    }
    for (Constructor<?> constructor : type.getDeclaredConstructors()) {
      if (constructor.getParameterCount() == 0 || constructor.isAnnotationPresent(JsonCreator.class)) {
        return true;
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers()) && method.isAnnotationPresent(JsonCreator.class)) {
        return true;
      }
    }
    return false;
  }
}
