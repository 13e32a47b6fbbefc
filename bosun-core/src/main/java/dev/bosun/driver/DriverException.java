package dev.bosun.driver;

import org.jspecify.annotations.Nullable;

/** Something went wrong with a driver: loading it, or using it before it is initialised. */
public class DriverException extends RuntimeException {
  public DriverException(String message) {
    super(message);
  }

  public DriverException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
