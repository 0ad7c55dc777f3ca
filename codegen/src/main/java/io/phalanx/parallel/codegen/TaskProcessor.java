package io.phalanx.parallel.codegen;

import io.phalanx.parallel.tasktypes.TaskIndex;
import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Checks, while they compile, the classes that implement {@code io.phalanx.parallel.task.Task} against the rules the
 * worker applies at dispatch ({@code TaskTypeRules}), so a task that could never reach a worker fails the build
 * instead of the first call. Each invalid class gets one diagnostic, on the class or on the field at fault, with the
 * message the run-time check would give. Valid concrete tasks are listed in {@link TaskIndex#RESOURCE}.
 * <p>
 * Option {@value #WARN_ONLY_OPTION}{@code =true} reports problems as warnings, so a build can adopt the checks
 * gradually; the run-time check still refuses those classes.
 * <p>
 * The processor claims no annotation ({@code *}, returning {@code false}) so other processors see every round.
 */
public final class TaskProcessor extends AbstractProcessor {

  /** {@code -Aphalanx.tasks.warnOnly=true} turns the errors into warnings. */
  public static final String WARN_ONLY_OPTION = "phalanx.tasks.warnOnly";

  private Messager messager;
  private Diagnostic.Kind kind;
  private TaskClassChecker checker;
  private TaskIndexWriter index;
  private boolean closuresChecked;
  private final Set<String> seen = new HashSet<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(WARN_ONLY_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    messager = env.getMessager();
    kind = Boolean.parseBoolean(env.getOptions().get(WARN_ONLY_OPTION)) ? Diagnostic.Kind.WARNING
      : Diagnostic.Kind.ERROR;
    checker = new TaskClassChecker(env.getElementUtils(), env.getTypeUtils());
    index = new TaskIndexWriter(env.getFiler(), env.getElementUtils(), checker);
    closuresChecked = checker.enabled() && registerClosureScanner(env);
  }

  /** Closures and local classes are an optional extra: a compiler without com.sun.source still gets the rest. */
  private boolean registerClosureScanner(ProcessingEnvironment env) {
    try {
      return ClosureScanner.register(env, checker, kind);
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  /**
   * @return whether lambdas, anonymous and local classes are checked in this compile (javac only)
   */
  boolean closuresChecked() {
    return closuresChecked;
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (!checker.enabled()) {
      return false;
    }
    for (TypeElement type : ElementFilter.typesIn(round.getRootElements())) {
      checkAll(type);
    }
    if (round.processingOver()) {
      writeIndex();
    }
    return false;
  }

  /** The class and its member classes; local and anonymous classes are left to {@link ClosureScanner}. */
  private void checkAll(TypeElement type) {
    if (!seen.add(checker.binaryName(type))) {
      return;
    }
    if (checker.isConcreteTask(type)) {
      Optional<TaskProblem> problem = checker.check(type);
      problem.ifPresent(p -> messager.printMessage(kind, p.message(), p.element()));
      index.add(type, problem.isEmpty());
    }
    for (Element member : type.getEnclosedElements()) {
      if (member instanceof TypeElement) {
        checkAll((TypeElement) member);
      }
    }
  }

  private void writeIndex() {
    try {
      index.write();
    } catch (IOException e) {
      messager.printMessage(Diagnostic.Kind.ERROR, "cannot write " + TaskIndex.RESOURCE + ": " + e);
    }
  }
}
