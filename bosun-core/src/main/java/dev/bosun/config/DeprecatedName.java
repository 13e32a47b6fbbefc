package dev.bosun.config;

/**
 * A name an option used to have: the old group and old name. A value found under it is used (the
 * current name wins when both are set in the same source) and a warning names the new name.
 */
public record DeprecatedName(String group, String name) {
  public DeprecatedName {
    Opt.checkGroup(group);
    Opt.checkName(name);
  }

  @Override
  public String toString() {
    return "[" + group + "] " + name;
  }
}
