package dev.bosun.cli;

import dev.bosun.config.Config;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.OptionProvider;
import java.util.List;

/** Builds the configuration from every option on the class path and the given arguments. */
final class ConfigLoader {
  private ConfigLoader() {}

  static List<OptionGroup> allGroups() {
    return OptionProvider.discover(ConfigLoader.class.getClassLoader());
  }

  /**
   * Loads defaults, {@code --config-file}/{@code --config-dir} files, {@code BOSUN_*} environment
   * variables and {@code --name value} arguments.
   */
  static Config load(List<String> args) {
    return load(args, List.of());
  }

  /** {@link #load(List)} with a service's own option groups as well. */
  static Config load(List<String> args, List<OptionGroup> extraGroups) {
    Config.Builder builder = Config.builder();
    allGroups().forEach(builder::register);
    extraGroups.forEach(builder::register);
    return builder.args(args).build();
  }
}
