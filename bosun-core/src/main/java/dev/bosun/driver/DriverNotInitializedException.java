package dev.bosun.driver;

/**
 * A driver was used before its set-up succeeded (cinder's {@code DriverNotInitialized}); RPC
 * handlers get it from {@link DriverSetup#require()} and {@link DriverManager#driver()}.
 */
public class DriverNotInitializedException extends DriverException {
  public DriverNotInitializedException(String message) {
    super(message);
  }
}
