package dev.bosun.service;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Facts about this process that decide how it treats SIGHUP.
 *
 * <p>oslo.service treats a process as a daemon when its standard output is not a terminal, or when
 * its process group is not the foreground group of its terminal. Bosun applies the same rule, read
 * from {@code /proc/self/stat} and {@code /proc/self/fd/1} on Linux. Elsewhere it falls back to
 * "daemon unless a console is attached". The system property {@code bosun.daemon} ({@code true} or
 * {@code false}) overrides the detection.
 */
final class ProcessInfo {
  private ProcessInfo() {}

  static boolean isDaemon() {
    String forced = System.getProperty("bosun.daemon");
    if (forced != null) {
      return Boolean.parseBoolean(forced);
    }
    return linuxDaemon().orElseGet(ProcessInfo::noConsole);
  }

  /**
   * Whether no console is attached. Since JDK 22 {@link System#console()} returns a console even
   * without a terminal; {@code Console.isTerminal()} (JDK 22+, so reached by reflection while the
   * code compiles for 17) tells whether it is one.
   */
  @SuppressWarnings("SystemConsoleNull") // null up to JDK 21; isTerminal() answers on 22+
  private static boolean noConsole() {
    Console console = System.console();
    if (console == null) {
      return true;
    }
    try {
      return !(Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return false; // JDK 17 to 21: a non-null console is a terminal
    }
  }

  private static Optional<Boolean> linuxDaemon() {
    Path stat = Path.of("/proc/self/stat");
    if (!Files.isReadable(stat)) {
      return Optional.empty();
    }
    try {
      if (!stdoutIsTerminal()) {
        return Optional.of(true);
      }
      String line = Files.readString(stat);
      // Fields after the ")" that closes the command name: state ppid pgrp session tty_nr tpgid
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ", -1);
      long pgrp = Long.parseLong(fields[2]);
      long ttyNr = Long.parseLong(fields[4]);
      long tpgid = Long.parseLong(fields[5]);
      return Optional.of(ttyNr == 0 || pgrp != tpgid);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean stdoutIsTerminal() throws IOException {
    Path fd = Path.of("/proc/self/fd/1");
    if (!Files.isSymbolicLink(fd)) {
      return false;
    }
    String target = Files.readSymbolicLink(fd).toString();
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }
}
