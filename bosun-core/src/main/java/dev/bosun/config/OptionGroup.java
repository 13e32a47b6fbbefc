package dev.bosun.config;

import java.util.List;
import java.util.Objects;

/**
 * A config section with its own help text and options, e.g. {@code [database]}. Registering it
 * registers its options and puts the help at the top of the section in the sample config.
 *
 * @param name the section name; every option must be in it
 * @param help what the section is for
 * @param options the options of the section
 */
public record OptionGroup(String name, String help, List<Opt<?>> options) {
  public OptionGroup {
    Opt.checkGroup(name);
    Objects.requireNonNull(help, "help");
    options = List.copyOf(options);
    for (Opt<?> opt : options) {
      if (!Key.normalize(opt.group()).equals(Key.normalize(name))) {
        throw new IllegalArgumentException(
            "option " + opt + " is not in group [" + name + "]; declare it with .group(\"" + name
                + "\")");
      }
    }
  }

  public static OptionGroup of(String name, String help, Opt<?>... options) {
    return new OptionGroup(name, help, List.of(options));
  }
}
