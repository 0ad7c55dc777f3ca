package io.phalanx.parallel.codegen;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Prints a declared type the way {@code java.lang.reflect.Type.getTypeName()} prints the same type at run time, so
 * a compile-time message is word for word the message the run-time check gives: nested classes by binary name
 * ({@code java.util.Map$Entry}), type arguments separated by {@code ", "}, {@code ? extends Object} as {@code ?},
 * and no type annotations. {@code TypeMirror.toString()} differs on each of these points.
 */
final class ReflectionTypeNames {

  private final Elements elements;

  ReflectionTypeNames(Elements elements) {
    this.elements = elements;
  }

  String print(TypeMirror type) {
    switch (type.getKind()) {
      case ARRAY:
        return print(((ArrayType) type).getComponentType()) + "[]";
      case DECLARED:
        return printDeclared((DeclaredType) type);
      case WILDCARD:
        return printWildcard((WildcardType) type);
      case TYPEVAR:
        return ((TypeVariable) type).asElement().getSimpleName().toString();
      default:
        // primitives and void print alike in both worlds; anything else cannot be a field type
        return type.getKind().isPrimitive() ? type.getKind().name().toLowerCase(Locale.ROOT)
          : type.toString();
    }
  }

  /**
   * True when reflection sees this type as a {@code ParameterizedType}: it has type arguments, or an enclosing type
   * that has them (an inner class of a generic class).
   */
  static boolean isParameterized(DeclaredType type) {
    if (!type.getTypeArguments().isEmpty()) {
      return true;
    }
    TypeMirror enclosing = type.getEnclosingType();
    return enclosing.getKind() == TypeKind.DECLARED && isParameterized((DeclaredType) enclosing);
  }

  private String printDeclared(DeclaredType type) {
    TypeElement raw = (TypeElement) type.asElement();
    String rawName = binaryName(raw);
    StringBuilder out = new StringBuilder();
    TypeMirror enclosing = type.getEnclosingType();
    if (enclosing.getKind() == TypeKind.DECLARED && isParameterized((DeclaredType) enclosing)) {
      // reflection writes Outer<A>$Inner: the owner with its arguments, then the rest of the binary name
      DeclaredType owner = (DeclaredType) enclosing;
      String ownerName = binaryName((TypeElement) owner.asElement());
      out.append(printDeclared(owner)).append('$').append(rawName.replace(ownerName + "$", ""));
    } else {
      out.append(rawName);
    }
    if (!type.getTypeArguments().isEmpty()) {
      StringJoiner arguments = new StringJoiner(", ", "<", ">");
      for (TypeMirror argument : type.getTypeArguments()) {
        arguments.add(print(argument));
      }
      out.append(arguments);
    }
    return out.toString();
  }

  private String printWildcard(WildcardType type) {
    if (type.getSuperBound() != null) {
      return "? super " + print(type.getSuperBound());
    }
    TypeMirror bound = type.getExtendsBound();
    if (bound == null || isObject(bound)) {
      return "?";
    }
    return "? extends " + print(bound);
  }

  private boolean isObject(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
      && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals("java.lang.Object");
  }

  private String binaryName(TypeElement type) {
    return elements.getBinaryName(type).toString();
  }
}
