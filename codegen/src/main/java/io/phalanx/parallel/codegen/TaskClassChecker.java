package io.phalanx.parallel.codegen;

import io.phalanx.parallel.task.Task;
import io.phalanx.parallel.tasktypes.TaskTypeRules;

import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The compile-time twin of the run-time {@code TaskClassInspector}: the same verdicts, in the same order (how the
 * class is nested, then its fields in declaration order, then whether Jackson can build it), with the same messages.
 * Unlike the run-time check it never looks at abstract classes and interfaces: they are not sent themselves, only
 * their concrete subclasses are.
 */
final class TaskClassChecker {

  static final String JSON_CREATOR = "com.fasterxml.jackson.annotation.JsonCreator";

  private final Elements elements;
  private final Types types;
  private final TypeMirror task;
  private final FieldTypeRules fieldTypes;

  TaskClassChecker(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
    TypeElement taskType = elements.getTypeElement(Task.class.getName());
    this.task = taskType == null ? null : types.erasure(taskType.asType());
    this.fieldTypes = new FieldTypeRules(elements, types);
  }

  /**
   * @return false when {@code Task} is not on the compile class path: nothing being compiled can be a task then
   */
  boolean enabled() {
    return task != null;
  }

  /**
   * @return true when {@code type} implements {@code Task} (directly or not) and could be instantiated, so it may
   * be sent to a worker and has to pass {@link #check(TypeElement)}
   */
  boolean isConcreteTask(TypeElement type) {
    ElementKind kind = type.getKind();
    if (task == null || !kind.isClass()) {
      return false;
    }
    if (kind != ElementKind.ENUM && type.getModifiers().contains(Modifier.ABSTRACT)) {
      return false;
    }
    return isTaskType(type.asType());
  }

  /**
   * @return true when values of {@code type} are tasks: used for the target type of a lambda
   */
  boolean isTaskType(TypeMirror type) {
    return task != null && type.getKind() == TypeKind.DECLARED && types.isSubtype(types.erasure(type), task);
  }

  String binaryName(TypeElement type) {
    return elements.getBinaryName(type).toString();
  }

  /**
   * @param type a class for which {@link #isConcreteTask(TypeElement)} holds
   * @return the first reason it cannot be sent to a worker, or empty when it can
   */
  Optional<TaskProblem> check(TypeElement type) {
    String name = binaryName(type);
    String nesting = nestingProblem(type, name);
    if (nesting != null) {
      return Optional.of(new TaskProblem(type, nesting));
    }
    Optional<TaskProblem> field = type.getKind() == ElementKind.RECORD
      ? componentProblem(type, name)
      : fieldProblem(type, name);
    if (field.isPresent()) {
      return field;
    }
    if (!constructible(type)) {
      return Optional.of(new TaskProblem(type, String.format(TaskTypeRules.NOT_CONSTRUCTIBLE_MESSAGE, name)));
    }
    return Optional.empty();
  }

  private static String nestingProblem(TypeElement type, String name) {
    switch (type.getNestingKind()) {
      case ANONYMOUS:
        return String.format(TaskTypeRules.ANONYMOUS_MESSAGE, name);
      case LOCAL:
        return String.format(TaskTypeRules.LOCAL_MESSAGE, name);
      case MEMBER:
        // nested records, enums and members of interfaces carry an implicit STATIC, as in the class file
        return type.getModifiers().contains(Modifier.STATIC) ? null
          : String.format(TaskTypeRules.INNER_MESSAGE, name);
      default:
        return null;
    }
  }

  private Optional<TaskProblem> componentProblem(TypeElement type, String name) {
    for (RecordComponentElement component : type.getRecordComponents()) {
      String message = fieldTypes.problem(component.getSimpleName(), name, component.asType());
      if (message != null) {
        return Optional.of(new TaskProblem(sourcePosition(type, component), message));
      }
    }
    return Optional.empty();
  }

  /**
   * javac (17 at least) gives a diagnostic on a record component no position, but the private field behind it is
   * declared by the same text in the record header, so a diagnostic on the field points at the component.
   */
  private static Element sourcePosition(TypeElement record, RecordComponentElement component) {
    for (VariableElement field : ElementFilter.fieldsIn(record.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(component.getSimpleName())) {
        return field;
      }
    }
    return component;
  }

  /** Own fields first, then each superclass's, up to Object, as Jackson sees them. */
  private Optional<TaskProblem> fieldProblem(TypeElement type, String name) {
    for (TypeElement c = type; c != null && !isObjectOrEnum(c); c = superclass(c)) {
      for (VariableElement field : ElementFilter.fieldsIn(c.getEnclosedElements())) {
        Set<Modifier> modifiers = field.getModifiers();
        if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.TRANSIENT)) {
          continue;
        }
        String message = fieldTypes.problem(field.getSimpleName(), name, field.asType());
        if (message != null) {
          // an inherited field may sit in another file or a jar: point at the class the user is compiling
          Element where = c.equals(type) ? field : type;
          return Optional.of(new TaskProblem(where, message));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isObjectOrEnum(TypeElement type) {
    return type.getKind() == ElementKind.ENUM || type.getQualifiedName().contentEquals(Object.class.getName());
  }

  private static TypeElement superclass(TypeElement type) {
    TypeMirror superclass = type.getSuperclass();
    return superclass.getKind() == TypeKind.DECLARED ? (TypeElement) ((DeclaredType) superclass).asElement() : null;
  }

  /** Jackson needs a record, an enum, a no-argument constructor (of any access) or a {@code @JsonCreator}. */
  private static boolean constructible(TypeElement type) {
    if (type.getKind() == ElementKind.RECORD || type.getKind() == ElementKind.ENUM) {
      return true;
    }
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty() || isJsonCreator(constructor)) {
        return true;
      }
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getModifiers().contains(Modifier.STATIC) && isJsonCreator(method)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isJsonCreator(Element element) {
    for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
      TypeElement annotationType = (TypeElement) annotation.getAnnotationType().asElement();
      if (annotationType.getQualifiedName().contentEquals(JSON_CREATOR)) {
        return true;
      }
    }
    return false;
  }
}
