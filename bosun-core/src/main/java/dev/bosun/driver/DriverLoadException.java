package dev.bosun.driver;

import org.jspecify.annotations.Nullable;

/**
 * A configured driver could not be loaded: unknown name, a class that does not implement the driver
 * kind, no usable constructor, or a constructor that failed. The message names the value and the
 * known names.
 */
public class DriverLoadException extends DriverException {
  public DriverLoadException(String message) {
    super(message);
  }

  public DriverLoadException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
