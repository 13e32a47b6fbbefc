package dev.bosun.cli;

import dev.bosun.config.Config;
import dev.bosun.config.EffectiveValue;
import dev.bosun.config.Opt;
import dev.bosun.config.ValueSource;
import dev.bosun.db.DatabaseOptions;
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
        "Print every option's effective value and where it came from; passwords as ***, other "
            + "secrets as ****. [database] connection shows the embedded database's URL when it "
            + "is not set; options that Bosun ignores (oslo compatibility) are marked.",
        "Checks the configuration as 'run' does before it connects anywhere, and fails as it "
            + "would. Takes the same --config-file, --config-dir and --name VALUE arguments as "
            + "'run'."
      },
      footer = {
        "",
        "Exit codes: 0 done; 2 bad command line or configuration (what 'run' would reject)."
      })
  static final class Show implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--format",
        defaultValue = "table",
        paramLabel = "FORMAT",
        description =
            "table or json (default: ${DEFAULT-VALUE}). json is an array of objects with group, "
                + "name, value, source, secret, mutable and ignored.")
    ServiceCommand.Format format;

    @Unmatched List<String> configArgs = new ArrayList<>();

    @Override
    public Integer call() {
      Config config = ConfigLoader.load(configArgs);
      config.warnUnknown();
      StartChecks.check(config);
      List<EffectiveValue> values = effectiveValues(config);
      PrintWriter out = spec.commandLine().getOut();
      if (format == ServiceCommand.Format.json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EffectiveValue value : values) {
          Map<String, Object> row = new LinkedHashMap<>();
          Opt<?> option = value.option();
          row.put("group", value.group());
          row.put("name", value.name());
          row.put("value", value.value().orElse(null));
          row.put("source", value.source().toString());
          row.put("secret", option.secret());
          row.put("mutable", option.mutable());
          row.put("ignored", option.ignored());
          rows.add(row);
        }
        out.println(
            JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      } else {
        Table table = new Table("GROUP", "OPTION", "VALUE", "SOURCE");
        for (EffectiveValue v : values) {
          table.add(
              v.group(),
              v.name(),
              v.value().map(text -> text.replace("\n", "\\n")).orElse("<None>"),
              v.source() + (v.option().ignored() ? EffectiveValue.IGNORED_MARK : ""));
        }
        out.print(table.render(Terminal.current().width()));
      }
      out.flush();
      return Main.EXIT_OK;
    }
  }

  /**
   * The effective values as the service uses them: an unset {@code [database] connection} shows the
   * embedded database's URL, with where that comes from.
   */
  static List<EffectiveValue> effectiveValues(Config config) {
    List<EffectiveValue> values = new ArrayList<>();
    for (EffectiveValue value : config.effectiveValues()) {
      if (value.option().equals(DatabaseOptions.CONNECTION)
          && value.value().isEmpty()
          && DatabaseOptions.isEmbedded(config)) {
        value =
            new EffectiveValue(
                value.option(),
                Optional.of(value.option().displayValue(DatabaseOptions.connection(config))),
                new ValueSource.Given(
                    "default: the embedded H2 database under [DEFAULT] state_path"));
      }
      values.add(value);
    }
    return List.copyOf(values);
  }
}
