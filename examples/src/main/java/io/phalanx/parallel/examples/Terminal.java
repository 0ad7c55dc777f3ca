package io.phalanx.parallel.examples;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Whether the examples may style their output with ANSI escape codes (a progress bar redrawn in place): only when
 * they print to the process's own standard output, that output is a terminal, {@code NO_COLOR} is not set
 * (<a href="https://no-color.org">no-color.org</a>) and {@code TERM} is not {@code dumb}. Piped into a file, a
 * pager, a test or CI's log, the output is plain lines.
 */
public final class Terminal {

  private Terminal() {
  }

  /** @return whether ANSI escape codes may be written to {@code out} */
  public static boolean styled(PrintStream out) {
    return out == System.out && allows(System.getenv(), isTerminal(System.console()));
  }

  /**
   * @param env      the environment
   * @param terminal whether standard input and output are a terminal
   */
  static boolean allows(Map<String, String> env, boolean terminal) {
    String noColor = env.get("NO_COLOR");
    return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
  }

  /**
   * Up to JDK 21 there is a console only when standard input and output are a terminal; from JDK 22 there may be one
   * on a pipe too, and {@code Console.isTerminal()} (looked up, this code being compiled for 17) tells which.
   */
  static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
