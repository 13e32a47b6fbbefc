package dev.bosun.config;

import java.util.Set;

/**
 * Told which options changed value, after the change is visible to {@link Config#get(Opt)}. Called
 * on the thread that made the change ({@link Config#reload()}, {@link Config#set(Opt, Object)} or
 * {@link Config#clearOverride(Opt)}), one change at a time, never concurrently with another call to
 * any listener of the same config. An exception thrown by a listener is logged and does not stop
 * the others.
 */
@FunctionalInterface
public interface ConfigListener {
  void changed(Set<Opt<?>> changed);
}
