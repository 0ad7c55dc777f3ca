package io.phalanx.parallel.codegen;

import io.phalanx.parallel.tasktypes.TaskTypeRules;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The field half of {@link TaskTypeRules} on compile-time types: which field types cannot cross a process boundary.
 * The walk over a type (array components, the raw type before its arguments, wildcard and type-variable upper
 * bounds, at most 8 levels deep) follows the run-time check step for step, so both name the same offending type.
 */
final class FieldTypeRules {

  /** Same limit as the run-time check: it cuts recursive bounds such as {@code T extends Comparable<T>}. */
  private static final int MAX_DEPTH = 8;

  private record Forbidden(TypeMirror erasure, TaskTypeRules.ForbiddenType rule) {
  }

  private final Elements elements;
  private final Types types;
  private final ReflectionTypeNames typeNames;
  private final List<Forbidden> forbidden = new ArrayList<>();

  FieldTypeRules(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    this.typeNames = new ReflectionTypeNames(elements);
    for (TaskTypeRules.ForbiddenType rule : TaskTypeRules.FORBIDDEN_TYPES) {
      TypeElement type = elements.getTypeElement(rule.typeName());
      // a type that is not on the compile class path cannot be the type of a field being compiled
      if (type != null) {
        forbidden.add(new Forbidden(types.erasure(type.asType()), rule));
      }
    }
  }

  /**
   * @param field the field or record component name
   * @param owner the binary name of the task class
   * @param type  the declared type of the field
   * @return the message when the type cannot cross a process boundary, or {@code null}
   */
  String problem(CharSequence field, String owner, TypeMirror type) {
    TypeElement offending = offendingType(type, 0);
    if (offending == null) {
      return null;
    }
    String shown = typeNames.print(type);
    TaskTypeRules.ForbiddenType rule = forbiddenSupertype(offending);
    if (rule != null) {
      return String.format(TaskTypeRules.FIELD_MESSAGE, field, owner, shown, rule.reason());
    }
    return String.format(TaskTypeRules.FUNCTIONAL_FIELD_MESSAGE, field, owner, shown);
  }

  private TypeElement offendingType(TypeMirror type, int depth) {
    if (depth > MAX_DEPTH) {
      return null;
    }
    switch (type.getKind()) {
      case ARRAY:
        return offendingType(((ArrayType) type).getComponentType(), depth + 1);
      case DECLARED:
        return offendingDeclared((DeclaredType) type, depth);
      case WILDCARD:
        // reflection's only upper bound of "? super X" is Object, which is harmless
        TypeMirror bound = ((WildcardType) type).getExtendsBound();
        return bound == null ? null : offendingType(bound, depth + 1);
      case TYPEVAR:
        return offendingBounds(((TypeVariable) type).getUpperBound(), depth + 1);
      default:
        return null;
    }
  }

  private TypeElement offendingDeclared(DeclaredType type, int depth) {
    TypeElement raw = (TypeElement) type.asElement();
    if (!ReflectionTypeNames.isParameterized(type)) {
      return isOffending(raw) ? raw : null;
    }
    // reflection visits a parameterized type's raw class one level down, then each argument
    if (depth + 1 <= MAX_DEPTH && isOffending(raw)) {
      return raw;
    }
    for (TypeMirror argument : type.getTypeArguments()) {
      TypeElement found = offendingType(argument, depth + 1);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private TypeElement offendingBounds(TypeMirror bounds, int depth) {
    if (bounds instanceof IntersectionType) {
      for (TypeMirror bound : ((IntersectionType) bounds).getBounds()) {
        TypeElement found = offendingType(bound, depth);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    return offendingType(bounds, depth);
  }

  private boolean isOffending(TypeElement type) {
    return forbiddenSupertype(type) != null || isFunctionalInterface(type);
  }

  private TaskTypeRules.ForbiddenType forbiddenSupertype(TypeElement type) {
    TypeMirror erasure = types.erasure(type.asType());
    for (Forbidden candidate : forbidden) {
      if (types.isSubtype(erasure, candidate.erasure())) {
        return candidate.rule();
      }
    }
    return null;
  }

  private boolean isFunctionalInterface(TypeElement type) {
    if (type.getKind() != ElementKind.INTERFACE) {
      return false;
    }
    if (elements.getPackageOf(type).getQualifiedName().contentEquals(TaskTypeRules.FUNCTION_PACKAGE)) {
      return true;
    }
    // only a direct annotation counts, as with Class.isAnnotationPresent (@FunctionalInterface is not @Inherited)
    for (AnnotationMirror annotation : type.getAnnotationMirrors()) {
      TypeElement annotationType = (TypeElement) annotation.getAnnotationType().asElement();
      if (annotationType.getQualifiedName().contentEquals(FunctionalInterface.class.getName())) {
        return true;
      }
    }
    return false;
  }
}
