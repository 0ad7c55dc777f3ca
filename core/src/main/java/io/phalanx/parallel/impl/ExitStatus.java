package io.phalanx.parallel.impl;

/**
 * Words for a child's exit status. The process library reports a signal death as the bare signal number, so a
 * status of 9 may be an exit code or SIGKILL: the description says both.
 */
final class ExitStatus {

  private ExitStatus() {
  }

  static String describe(int status) {
    String signal = signalName(status);
    return "exit code " + status + (signal == null ? "" : " (or killed by " + signal + ")");
  }

  private static String signalName(int status) {
    switch (status) {
      case 6: return "SIGABRT";
      case 9: return "SIGKILL";
      case 11: return "SIGSEGV";
      case 15: return "SIGTERM";
      default: return null;
    }
  }
}
