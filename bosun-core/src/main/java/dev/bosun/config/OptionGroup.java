package dev.bosun.config;

import java.util.List;
import java.util.Objects;

/**
 * A config section with its own help text and options, e.g. {@code [database]}. Registering it
 * registers its options and puts the help at the top of the section in the sample config.
 *
 * <p>An <em>open</em> group is one whose option names are not all known in advance: any name is
 * legitimate and its option is registered on demand, e.g. {@code [upgrade_levels] <topic>}, which
 * is registered when the first RPC client of that topic is made. {@link Config#warnUnknown()} does
 * not warn about names in an open group (it still warns about a misspelt section and suggests the
 * open group's name). An open group may have no options at all. oslo.config has no such notion (it
 * never warns about unknown options); this is a Bosun addition.
 *
 * @param name the section name; every option must be in it
 * @param help what the section is for
 * @param options the options of the section
 * @param open whether any option name in the section is legitimate (see above)
 */
public record OptionGroup(String name, String help, List<Opt<?>> options, boolean open) {
  public OptionGroup {
    Opt.checkGroup(name);
    Objects.requireNonNull(help, "help");
    options = List.copyOf(options);
    for (Opt<?> opt : options) {
      if (!Key.normalize(opt.group()).equals(Key.normalize(name))) {
        throw new IllegalArgumentException(
            "option "
                + opt
                + " is not in group ["
                + name
                + "]; declare it with .group(\""
                + name
                + "\")");
      }
    }
  }

  /** A group that is not open. */
  public OptionGroup(String name, String help, List<Opt<?>> options) {
    this(name, help, options, false);
  }

  /** A group that is not open. */
  public static OptionGroup of(String name, String help, Opt<?>... options) {
    return new OptionGroup(name, help, List.of(options));
  }

  /** This group, {@linkplain #open() open}: any option name in it is legitimate. */
  public OptionGroup asOpen() {
    return new OptionGroup(name, help, options, true);
  }
}
