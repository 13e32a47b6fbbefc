package dev.bosun.cli;

import java.io.Console;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * What the {@code bosun} command knows of where its output goes, so that it follows terminal
 * conventions: colour only on a terminal and never with {@code NO_COLOR} set (or {@code
 * TERM=dumb}); tables fitted to {@code COLUMNS} when set; progress lines redrawn in place on a
 * terminal, plain lines otherwise.
 *
 * @param interactive whether standard output and error are a terminal
 * @param colour whether colour may be used
 * @param width the width to fit tables to; empty for no limit (output is not a terminal and {@code
 *     COLUMNS} is not set)
 */
record Terminal(boolean interactive, boolean colour, OptionalInt width) {
  /** Tables never get narrower than this, whatever COLUMNS says. */
  static final int MIN_WIDTH = 40;

  /**
   * The terminal of this process, from {@link System#console()} and the environment; on a terminal
   * without {@code COLUMNS} (shells do not export it), its width from {@code stty size}.
   */
  static Terminal current() {
    boolean interactive = isConsole();
    Map<String, String> environment = System.getenv();
    if (interactive && !environment.containsKey("COLUMNS")) {
      OptionalInt columns = sttyColumns();
      if (columns.isPresent()) {
        environment = new HashMap<>(environment);
        environment.put("COLUMNS", Integer.toString(columns.getAsInt()));
      }
    }
    return of(environment, interactive);
  }

  /** The terminal's width by {@code stty size < /dev/tty}; empty when that fails. */
  @SuppressWarnings("StringSplitter") // stripped first: no trailing empty strings to drop
  private static OptionalInt sttyColumns() {
    try {
      Process stty =
          new ProcessBuilder("stty", "size")
              .redirectInput(new File("/dev/tty"))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String answer = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
        stty.destroy();
        return OptionalInt.empty();
      }
      String[] rowsColumns = answer.strip().split("\\s+");
      return rowsColumns.length == 2
          ? OptionalInt.of(Integer.parseInt(rowsColumns[1]))
          : OptionalInt.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    }
  }

  /**
   * The terminal described by {@code environment} ({@code NO_COLOR}, {@code TERM}, {@code COLUMNS})
   * for output that is a terminal or not.
   */
  static Terminal of(Map<String, String> environment, boolean interactive) {
    String noColor = environment.get("NO_COLOR");
    boolean colour =
        interactive
            && (noColor == null || noColor.isEmpty())
            && !"dumb".equals(environment.get("TERM"));
    OptionalInt width = OptionalInt.empty();
    String columns = environment.get("COLUMNS");
    if (columns != null) {
      try {
        width = OptionalInt.of(Math.max(MIN_WIDTH, Integer.parseInt(columns.strip())));
      } catch (NumberFormatException e) {
        // not a number: ignored, as other tools do
      }
    }
    if (width.isEmpty() && interactive) {
      width = OptionalInt.of(80);
    }
    return new Terminal(interactive, colour, width);
  }

  /**
   * Whether this process talks to a terminal: {@link System#console()}, and on Java 22 and later
   * {@code Console.isTerminal()}, since there a console may exist without one.
   */
  @SuppressWarnings("SystemConsoleNull") // null up to JDK 21; isTerminal() answers on 22+
  private static boolean isConsole() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // Java 17 to 21: a console is a terminal
    }
  }
}
