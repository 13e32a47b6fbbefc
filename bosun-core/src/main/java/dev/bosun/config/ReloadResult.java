package dev.bosun.config;

import java.util.List;
import java.util.Set;

/**
 * What a {@link Config#reload()} did.
 *
 * @param applied mutable options whose new value is now in effect
 * @param needsRestart options that changed in the sources but are not mutable; they keep their old
 *     value until the process restarts
 * @param errors problems found; when there are any, nothing was applied and the running
 *     configuration is unchanged
 */
public record ReloadResult(
    Set<Opt<?>> applied, Set<Opt<?>> needsRestart, List<ConfigException> errors) {
  public ReloadResult {
    applied = Set.copyOf(applied);
    needsRestart = Set.copyOf(needsRestart);
    errors = List.copyOf(errors);
  }

  /** Whether the sources were read without errors. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
