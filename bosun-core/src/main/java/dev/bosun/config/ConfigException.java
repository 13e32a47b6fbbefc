package dev.bosun.config;

/**
 * Something is wrong with the configuration or with how it is used. The message names the source
 * (file and line, environment variable or command-line argument), the option, the bad value and
 * what was expected. Subclasses say which kind of problem it is; a whole load that found several
 * problems throws a {@link ConfigLoadException} that lists them all.
 */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
