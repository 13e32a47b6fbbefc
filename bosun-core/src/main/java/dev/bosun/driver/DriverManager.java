package dev.bosun.driver;

import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;

/**
 * A {@link Manager} with one driver, set up as cinder does (see {@link DriverSetup}): the first
 * attempt runs in {@link #initHost()}, retries follow on the manager's scheduler, and {@link
 * #isWorking()} is false (so the service sends no heartbeat and appears down) until an attempt
 * succeeds.
 *
 * <pre>{@code
 * public final class VolumeManager extends DriverManager<VolumeDriver> {
 *   public VolumeManager(ManagerContext context, VolumeDriver driver) {
 *     super(context, driver);
 *   }
 *
 *   protected void driverReady(VolumeDriver driver) {
 *     updateServiceCapabilities(driver.stats());
 *   }
 *
 *   public Volume createVolume(RequestContext ctx, VolumeSpec spec) {
 *     return driver().create(spec); // DriverNotInitializedException until set up
 *   }
 * }
 * }</pre>
 *
 * <p>A subclass that overrides {@link #initHost()} or {@link #cleanupHost()} calls {@code super}
 * first.
 */
public abstract class DriverManager<D extends Driver> extends Manager {
  private final DriverSetup<D> setup;

  /** Sets {@code driver} up with the manager's host, configuration and scheduler. */
  protected DriverManager(ManagerContext context, D driver) {
    this(context, DriverSetup.builder(driver, DriverContext.from(context)));
  }

  /**
   * Sets the driver up with the given settings (retry count, executor); the manager's scheduler is
   * used unless the builder names one.
   */
  protected DriverManager(ManagerContext context, DriverSetup.Builder<D> setup) {
    super(context);
    if (setup.scheduler.isEmpty()) {
      setup.scheduler(context.scheduler());
    }
    this.setup = setup.afterSetup(this::driverReady).build();
  }

  /**
   * The driver, once initialised (cinder's {@code require_driver_initialized}).
   *
   * @throws DriverNotInitializedException while it is not
   */
  public final D driver() {
    return setup.require();
  }

  /** The set-up state: attempts, last failure, whether it gave up. */
  public final DriverSetup<D> driverSetup() {
    return setup;
  }

  /** True once the driver is initialised. */
  @Override
  public final boolean isWorking() {
    return setup.initialized();
  }

  /** Runs the first set-up attempt; retries are scheduled if it fails. */
  @Override
  protected void initHost() {
    setup.start();
  }

  /** Cancels a pending set-up retry. */
  @Override
  protected void cleanupHost() {
    setup.stop();
  }

  /**
   * Called after the driver's {@code doSetup} and {@code checkForSetupError} succeeded, before it
   * counts as initialised, on the thread of that attempt; throwing fails the attempt. Default:
   * nothing.
   */
  protected void driverReady(D driver) {}
}
