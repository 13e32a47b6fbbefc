package dev.bosun.cli;

import dev.bosun.config.Config;
import dev.bosun.config.EffectiveValue;
import dev.bosun.config.Opt;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;
import tools.jackson.databind.json.JsonMapper;

/** {@code bosun config sample|show}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Generate a sample configuration, or show the effective one.",
    subcommands = {ConfigCommand.Sample.class, ConfigCommand.Show.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "sample",
      mixinStandardHelpOptions = true,
      description = "Write a commented sample of every option (what oslo-config-generator does).")
  static final class Sample implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write to FILE instead of standard output.")
    Optional<Path> output;

    @Override
    public Integer call() throws IOException {
      String sample = Config.sample(ConfigLoader.allGroups(), List.of());
      if (output.isPresent()) {
        Files.writeString(output.get(), sample);
        spec.commandLine().getErr().println("bosun: wrote " + output.get());
      } else {
        spec.commandLine().getOut().print(sample);
        spec.commandLine().getOut().flush();
      }
      return Main.EXIT_OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Print every option's effective value and where it came from; secrets as ****.",
        "Takes the same --config-file, --config-dir and --name VALUE arguments as 'run'."
      })
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--format",
        defaultValue = "table",
        paramLabel = "FORMAT",
        description = "table or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Unmatched List<String> configArgs = new ArrayList<>();

    @Override
    public Integer call() {
      Config config = ConfigLoader.load(configArgs);
      config.warnUnknown();
      PrintWriter out = spec.commandLine().getOut();
      switch (format) {
        case "table":
          out.print(config.renderTable());
          out.flush();
          return Main.EXIT_OK;
        case "json":
          List<Map<String, Object>> rows = new ArrayList<>();
          for (EffectiveValue value : config.effectiveValues()) {
            Map<String, Object> row = new LinkedHashMap<>();
            Opt<?> option = value.option();
            row.put("group", value.group());
            row.put("name", value.name());
            row.put("value", value.value().orElse(null));
            row.put("source", value.source().toString());
            row.put("secret", option.secret());
            row.put("mutable", option.mutable());
            rows.add(row);
          }
          out.println(
              JsonMapper.builder()
                  .build()
                  .writerWithDefaultPrettyPrinter()
                  .writeValueAsString(rows));
          out.flush();
          return Main.EXIT_OK;
        default:
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--format must be table or json, found '" + format + "'");
      }
    }
  }
}
