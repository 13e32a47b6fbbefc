package dev.bosun.driver;

/**
 * What every driver kind extends: cinder's set-up contract. A driver kind is a Java interface
 * ({@code interface VolumeDriver extends Driver}); implementations are chosen by a config value
 * through {@link Drivers#load}, then set up by {@link DriverSetup}.
 *
 * <p>Set-up runs {@link #doSetup(DriverContext)} then {@link #checkForSetupError()}; if either
 * throws, the attempt failed and {@link DriverSetup} tries again later (1, 2, 4 s). Whether the
 * driver is initialised is kept by its {@link DriverSetup#initialized()}, not by the driver. Both
 * methods run on the thread of the attempt (the service's start thread for the first one, a task
 * thread for retries), never concurrently with each other.
 */
public interface Driver {

  /**
   * Connects to and prepares the backend (cinder's {@code do_setup}); may be called again after a
   * failed attempt, so it must tolerate a partial earlier run. Default: nothing.
   */
  default void doSetup(DriverContext context) throws Exception {}

  /**
   * Verifies the backend is usable and throws, with a message an operator can act on, if not
   * (cinder's {@code check_for_setup_error}). Default: nothing.
   */
  default void checkForSetupError() throws Exception {}
}
