package dev.bosun.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.manager.ConfigView;
import dev.bosun.manager.ManagerContext;
import dev.bosun.manager.ManagerLifecycle;
import dev.bosun.manager.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverSetupTest {
  private final ManualClock clock = ManualClock.create();
  private final DriverContext context = new DriverContext("node1", ConfigView.empty());

  /** Fails its first {@code failures} set-ups, recording when each attempt happened. */
  @DriverName("flaky")
  private static final class FlakyDriver implements Greeter {
    private final ManualClock clock;
    private final int failures;
    final List<Long> attemptsAt = new ArrayList<>();

    FlakyDriver(ManualClock clock, int failures) {
      this.clock = clock;
      this.failures = failures;
    }

    @Override
    public void doSetup(DriverContext context) {
      attemptsAt.add(clock.nanoTime() / 1_000_000L);
    }

    @Override
    public void checkForSetupError() {
      if (attemptsAt.size() <= failures) {
        throw new IllegalStateException(
            "backend not reachable (attempt " + attemptsAt.size() + ")");
      }
    }

    @Override
    public String greet() {
      return "ok";
    }
  }

  private DriverSetup<FlakyDriver> setup(FlakyDriver driver) {
    return DriverSetup.builder(driver, context).scheduler(clock).executor(Runnable::run).build();
  }

  @Test
  void retriesAfterOneTwoAndFourSecondsUntilItWorks() {
    FlakyDriver driver = new FlakyDriver(clock, 3);
    DriverSetup<FlakyDriver> setup = setup(driver);

    assertThat(setup.start()).isFalse();
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(999));
    assertThat(driver.attemptsAt).containsExactly(0L);
    clock.advance(Duration.ofMillis(1));
    assertThat(clock.pendingDelays()).containsExactly(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(setup.initialized()).isFalse();
    clock.advance(Duration.ofSeconds(4));

    assertThat(driver.attemptsAt).containsExactly(0L, 1_000L, 3_000L, 7_000L);
    assertThat(setup.initialized()).isTrue();
    assertThat(setup.require()).isSameAs(driver);
    assertThat(setup.attempts()).isEqualTo(4);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void givesUpAfterTheLastRetryAndStaysNotInitialised() {
    FlakyDriver driver = new FlakyDriver(clock, Integer.MAX_VALUE);
    DriverSetup<FlakyDriver> setup = setup(driver);

    setup.start();
    clock.advance(Duration.ofMinutes(10));

    assertThat(driver.attemptsAt).containsExactly(0L, 1_000L, 3_000L, 7_000L);
    assertThat(setup.gaveUp()).isTrue();
    assertThat(setup.initialized()).isFalse();
    assertThat(setup.lastFailure())
        .contains("java.lang.IllegalStateException: backend not reachable (attempt 4)");
    assertThatThrownBy(setup::require)
        .isInstanceOf(DriverNotInitializedException.class)
        .hasMessageContaining("driver flaky is not initialised")
        .hasMessageContaining("4 of 4 attempts failed")
        .hasMessageContaining("attempt 4");
  }

  @Test
  void reinitDriverCountSetsTheNumberOfRetries() {
    FlakyDriver driver = new FlakyDriver(clock, Integer.MAX_VALUE);
    DriverSetup<FlakyDriver> setup =
        DriverSetup.builder(driver, context)
            .scheduler(clock)
            .executor(Runnable::run)
            .reinitDriverCount(1)
            .build();

    setup.start();
    clock.advance(Duration.ofMinutes(10));

    assertThat(driver.attemptsAt).containsExactly(0L, 1_000L);
    assertThat(setup.gaveUp()).isTrue();
    assertThatThrownBy(() -> DriverSetup.builder(driver, context).reinitDriverCount(-1))
        .hasMessageContaining("-1");
  }

  @Test
  void aFailingAfterSetupStepFailsTheAttempt() {
    FlakyDriver driver = new FlakyDriver(clock, 0);
    int[] calls = {0};
    DriverSetup<FlakyDriver> setup =
        DriverSetup.builder(driver, context)
            .scheduler(clock)
            .executor(Runnable::run)
            .afterSetup(
                d -> {
                  if (++calls[0] == 1) {
                    throw new IllegalStateException("cannot export volumes yet");
                  }
                })
            .build();

    assertThat(setup.start()).isFalse();
    clock.advance(Duration.ofSeconds(1));

    assertThat(setup.initialized()).isTrue();
    assertThat(calls[0]).isEqualTo(2);
  }

  @Test
  void stopCancelsThePendingRetry() {
    FlakyDriver driver = new FlakyDriver(clock, Integer.MAX_VALUE);
    DriverSetup<FlakyDriver> setup = setup(driver);
    setup.start();

    setup.stop();
    clock.advance(Duration.ofMinutes(1));

    assertThat(driver.attemptsAt).containsExactly(0L);
    assertThatThrownBy(setup::start).isInstanceOf(IllegalStateException.class);
  }

  /** A manager whose driver set-up is the base class's. */
  private static final class GreeterManager extends DriverManager<FlakyDriver> {
    final List<String> ready = new ArrayList<>();

    GreeterManager(ManagerContext context, DriverSetup.Builder<FlakyDriver> setup) {
      super(context, setup);
    }

    @Override
    protected void driverReady(FlakyDriver driver) {
      ready.add(driver.greet());
    }
  }

  @Test
  void managerIsNotWorkingUntilItsDriverIsInitialised() {
    FlakyDriver driver = new FlakyDriver(clock, 2);
    ManagerContext managerContext =
        ManagerContext.builder("node1", "greeting").scheduler(clock).build();
    GreeterManager manager =
        new GreeterManager(
            managerContext,
            DriverSetup.builder(driver, DriverContext.from(managerContext))
                .executor(Runnable::run));
    ManagerLifecycle lifecycle = ManagerLifecycle.of(manager);

    lifecycle.initHost();
    assertThat(manager.isWorking()).isFalse();
    assertThatThrownBy(manager::driver).isInstanceOf(DriverNotInitializedException.class);
    clock.advance(Duration.ofSeconds(1));
    assertThat(manager.isWorking()).isFalse();
    clock.advance(Duration.ofSeconds(2));

    assertThat(manager.isWorking()).isTrue();
    assertThat(manager.driver()).isSameAs(driver);
    assertThat(manager.ready).containsExactly("ok");
    lifecycle.cleanup();
  }

  @Test
  void managerCleanupCancelsARetryInFlight() {
    FlakyDriver driver = new FlakyDriver(clock, Integer.MAX_VALUE);
    ManagerContext managerContext =
        ManagerContext.builder("node1", "greeting").scheduler(clock).build();
    GreeterManager manager =
        new GreeterManager(
            managerContext,
            DriverSetup.builder(driver, DriverContext.from(managerContext))
                .executor(Runnable::run));
    ManagerLifecycle lifecycle = ManagerLifecycle.of(manager);

    lifecycle.initHost();
    lifecycle.cleanup();
    clock.advance(Duration.ofMinutes(1));

    assertThat(driver.attemptsAt).containsExactly(0L);
    assertThat(manager.isWorking()).isFalse();
  }
}
