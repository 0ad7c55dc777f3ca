package io.phalanx.parallel.codegen;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.phalanx.parallel.tasktypes.TaskTypeRules;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * Finds the tasks that live inside method bodies and field initializers: lambdas and method references whose
 * target type is a task, anonymous classes (enum constant bodies included) and local classes, and any class nested
 * in those.
 * <p>
 * javac only attributes bodies after annotation processing, so these classes have no element while the processor
 * runs. This listener waits for javac's ANALYZE event of each top-level class, when every body is attributed and
 * every local class has its binary name, and reports through {@link Trees}. It needs javac's own
 * {@code com.sun.source} API and processing environment; elsewhere {@link #register} declines and the run-time check
 * remains the only one for these cases. If the processor already reported an error, javac stops before ANALYZE, so
 * these errors come on the next compile.
 */
final class ClosureScanner implements TaskListener {

  /** Hidden classes of lambdas are named after their host class plus this, then a run-time suffix. */
  static final String LAMBDA_SUFFIX = "$$Lambda";

  private final Trees trees;
  private final TaskClassChecker checker;
  private final Diagnostic.Kind kind;
  private final Set<TypeElement> scanned = new HashSet<>();

  private ClosureScanner(Trees trees, TaskClassChecker checker, Diagnostic.Kind kind) {
    this.trees = trees;
    this.checker = checker;
    this.kind = kind;
  }

  /**
   * Hooks the scanner into the running javac.
   *
   * @return false when {@code env} is not javac's own (another compiler, or a build tool's wrapper)
   */
  static boolean register(ProcessingEnvironment env, TaskClassChecker checker, Diagnostic.Kind kind) {
    JavacTask task;
    Trees trees;
    try {
      task = JavacTask.instance(env);
      trees = Trees.instance(env);
    } catch (IllegalArgumentException | ClassCastException e) {
      return false;
    }
    task.addTaskListener(new ClosureScanner(trees, checker, kind));
    return true;
  }

  @Override
  public void finished(TaskEvent event) {
    if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getTypeElement() == null) {
      return;
    }
    TypeElement topLevel = topLevel(event.getTypeElement());
    // attributing any class attributes its whole top-level class, so one scan per top-level class sees everything
    if (!scanned.add(topLevel)) {
      return;
    }
    TreePath path = trees.getPath(topLevel);
    if (path == null) {
      return;
    }
    try {
      new Scan(path.getCompilationUnit()).scan(path, null);
    } catch (RuntimeException e) {
      // an optional check must not break the compile: the worker still checks these classes at dispatch
      trees.printMessage(Diagnostic.Kind.WARNING, "phalanx-parallel-codegen could not check the lambdas, anonymous "
        + "and local classes of " + topLevel.getQualifiedName() + ": " + e, path.getLeaf(), path.getCompilationUnit());
    }
  }

  private static TypeElement topLevel(TypeElement type) {
    TypeElement outermost = type;
    for (Element e = type.getEnclosingElement(); e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement) {
        outermost = (TypeElement) e;
      }
    }
    return outermost;
  }

  private final class Scan extends TreePathScanner<Void, Void> {

    private final CompilationUnitTree unit;
    private final Deque<TypeElement> classes = new ArrayDeque<>();
    /** How many local or anonymous classes enclose the current tree; their members escape the processor too. */
    private int localDepth;

    Scan(CompilationUnitTree unit) {
      this.unit = unit;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      Element element = trees.getElement(getCurrentPath());
      if (!(element instanceof TypeElement)) {
        return super.visitClass(tree, unused);
      }
      TypeElement type = (TypeElement) element;
      boolean local = type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS;
      if ((local || localDepth > 0) && checker.isConcreteTask(type)) {
        checker.check(type).ifPresent(problem -> report(problem, type));
      }
      classes.push(type);
      localDepth += local ? 1 : 0;
      try {
        return super.visitClass(tree, unused);
      } finally {
        localDepth -= local ? 1 : 0;
        classes.pop();
      }
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      checkClosure(tree);
      return super.visitLambdaExpression(tree, unused);
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
      checkClosure(tree);
      return super.visitMemberReference(tree, unused);
    }

    private void checkClosure(Tree tree) {
      TypeMirror target = trees.getTypeMirror(getCurrentPath());
      if (target == null || classes.isEmpty() || !isTask(target)) {
        return;
      }
      String host = checker.binaryName(classes.peek()) + LAMBDA_SUFFIX;
      trees.printMessage(kind, String.format(TaskTypeRules.LAMBDA_MESSAGE, host), tree, unit);
    }

    private boolean isTask(TypeMirror target) {
      if (target instanceof IntersectionType) {
        for (TypeMirror bound : ((IntersectionType) target).getBounds()) {
          if (checker.isTaskType(bound)) {
            return true;
          }
        }
        return false;
      }
      return checker.isTaskType(target);
    }

    private void report(TaskProblem problem, TypeElement type) {
      Tree tree = getCurrentPath().getLeaf();
      CompilationUnitTree where = unit;
      if (!problem.element().equals(type)) {
        TreePath path = trees.getPath(problem.element());
        if (path != null) {
          tree = path.getLeaf();
          where = path.getCompilationUnit();
        }
      } else if (type.getNestingKind() == NestingKind.ANONYMOUS) {
        // point at "new X() {", not at the body
        tree = getCurrentPath().getParentPath().getLeaf();
      }
      trees.printMessage(kind, problem.message(), tree, where);
    }
  }
}
