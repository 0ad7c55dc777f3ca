package io.phalanx.parallel.impl.channel;

/**
 * Words for a child's exit status. The JDK reports a death by signal N as status 128 + N, the way a shell does, and
 * some process libraries as the bare N; a process may also exit with such a number itself. The description names the
 * signal a status may stand for without claiming it.
 */
public final class ExitStatus {

  private ExitStatus() {
  }

  public static String describe(int status) {
    String signal = signalName(status);
    return "exit code " + status + (signal == null ? "" : " (or killed by " + signal + ")");
  }

  /**
   * @return whether the status says the process was ended from outside (SIGKILL or SIGTERM: the kernel's OOM killer,
   * an operator, a test) rather than by anything of its own
   */
  public static boolean isKill(int status) {
    return status == 128 + 9 || status == 128 + 15 || status == 9 || status == 15;
  }

  private static String signalName(int status) {
    if (status > 128) {
      return signalName(status - 128);
    }
    switch (status) {
      case 6: return "SIGABRT";
      case 9: return "SIGKILL";
      case 11: return "SIGSEGV";
      case 15: return "SIGTERM";
      default: return null;
    }
  }
}
