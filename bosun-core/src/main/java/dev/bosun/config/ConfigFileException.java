package dev.bosun.config;

import java.nio.file.Path;

/**
 * A config file or config directory could not be read: it is missing, unreadable, or a line is not
 * valid INI. The message starts with {@code path:line:} when a line is to blame.
 */
public final class ConfigFileException extends ConfigException {
  private final transient Path path;
  private final int line;

  public ConfigFileException(Path path, int line, String problem) {
    super((line > 0 ? path + ":" + line : path.toString()) + ": " + problem);
    this.path = path;
    this.line = line;
  }

  public ConfigFileException(Path path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
    this.line = 0;
  }

  /** The file or directory. */
  public Path path() {
    return path;
  }

  /** The line at fault, or 0 when the whole file is. */
  public int line() {
    return line;
  }
}
