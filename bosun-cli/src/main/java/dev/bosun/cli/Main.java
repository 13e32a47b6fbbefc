package dev.bosun.cli;

import dev.bosun.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code bosun} command.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_FAILURE} a failure at run time (for
 * {@code run}: also a graceful stop that outlasted {@code graceful_shutdown_timeout}); {@value
 * #EXIT_USAGE} bad command line or bad configuration; 3 a service failed to start; 130 interrupted
 * (SIGINT).
 */
@Command(
    name = "bosun",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Bosun: services, managers, drivers and RPC for a control plane.",
    subcommands = {
      RunCommand.class,
      ConfigCommand.class,
      DemoCommand.class,
      DbCommand.class,
      ServiceCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 1 failure, 2 bad command line or configuration,",
      "3 a service failed to start, 130 interrupted."
    })
public final class Main implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("run")) {
      StartSignals.install(); // from the first moment: SIGTERM while starting exits 0, not 143
    }
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code; the tests call this. */
  public static int execute(String... args) {
    Charset charset = Charset.defaultCharset(); // what System.out and System.err use
    return execute(
        new PrintWriter(new OutputStreamWriter(System.out, charset), true),
        new PrintWriter(new OutputStreamWriter(System.err, charset), true),
        args);
  }

  /** {@link #execute(String...)} writing to {@code out} and {@code err}; flushes both. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    try {
      return execute(commandLine, args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static int execute(CommandLine commandLine, String... args) {
    shareVersion(commandLine);
    commandLine.setColorScheme(
        CommandLine.Help.defaultColorScheme(
            Terminal.current().colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    commandLine.setParameterExceptionHandler(Main::usageError);
    RunCommand.describeConfigOptions(
        Objects.requireNonNull(commandLine.getSubcommands().get("run"), "run"));
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          if (exception instanceof ConfigException) {
            line.getErr().println("bosun: configuration error: " + exception.getMessage());
            return EXIT_USAGE;
          }
          line.getErr()
              .println(
                  "bosun: internal error, please report it with the stack trace below: "
                      + exception);
          exception.printStackTrace(line.getErr());
          return EXIT_FAILURE;
        });
    return commandLine.execute(args);
  }

  /**
   * picocli's parse errors in Bosun's voice: {@code bosun: } and one line saying what was wrong,
   * what was meant when a name is near a known one, and where the usage is; exit code {@value
   * #EXIT_USAGE}.
   */
  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    String command = line.getCommandSpec().qualifiedName();
    PrintWriter err = line.getErr();
    String message;
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String word = unmatched.getUnmatched().get(0);
      List<String> suggestions = unmatched.getSuggestions();
      boolean option = word.startsWith("-");
      boolean hasSubcommands = !line.getSubcommands().isEmpty();
      String what = option ? "option" : hasSubcommands ? "command" : "argument";
      message =
          "unknown "
              + what
              + " '"
              + word
              + "'"
              + (option || hasSubcommands ? "" : " ('" + command + "' takes none)")
              + (suggestions.isEmpty()
                  ? ""
                  : "; did you mean '"
                      + (option ? "" : command + " ")
                      + String.join(
                          "' or '", suggestions.subList(0, Math.min(3, suggestions.size())))
                      + "'?");
    } else {
      String text = e.getMessage() == null ? "bad command line" : e.getMessage();
      message = Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
    err.println("bosun: " + message + " (see '" + command + " --help')");
    err.flush();
    return EXIT_USAGE;
  }

  /** {@code --version} works on every subcommand, not only at the top. */
  private static void shareVersion(CommandLine commandLine) {
    for (CommandLine sub : commandLine.getSubcommands().values()) {
      if (sub.getCommandSpec().versionProvider() == null) {
        sub.getCommandSpec().versionProvider(new Version());
      }
      shareVersion(sub);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"bosun " + version(), "Java " + Runtime.version()};
    }

    static String version() {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      } catch (IOException e) {
        return "unknown";
      }
      return properties.getProperty("version", "unknown");
    }
  }
}
