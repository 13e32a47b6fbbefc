package dev.bosun.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManagerTest {
  private final ManualClock clock = ManualClock.create();
  private final ManagerContext context =
      ManagerContext.builder("node1", "volume")
          .config(
              ConfigView.of(
                  Map.of("stats_interval", "30s", "db_password", "hunter2"), Set.of("db_password")))
          .scheduler(clock)
          .build();

  /** Records the hooks it is called with. */
  private static final class RecordingManager extends Manager {
    final List<String> calls = new ArrayList<>();

    RecordingManager(ManagerContext context) {
      super(context);
    }

    @Periodic(spacingOption = "stats_interval")
    void publishStats() {}

    @Override
    protected void initHost() {
      calls.add("initHost");
    }

    @Override
    protected void preStartHook() {
      calls.add("preStartHook");
    }

    @Override
    protected void postStartHook() {
      calls.add("postStartHook");
    }

    @Override
    protected void initHostWithRpc() {
      calls.add("initHostWithRpc");
    }

    @Override
    protected void cleanupHost() {
      calls.add("cleanupHost");
      throw new IllegalStateException("cleanup trouble");
    }

    @Override
    protected void reset() {
      calls.add("reset");
    }
  }

  @Test
  void lifecycleRunsHooksInNovasOrder() {
    RecordingManager manager = new RecordingManager(context);
    ManagerLifecycle lifecycle = ManagerLifecycle.of(manager);

    lifecycle.initHost();
    lifecycle.preStart();
    lifecycle.postStart();
    lifecycle.reset();
    lifecycle.cleanup();
    lifecycle.cleanup();

    assertThat(manager.calls)
        .containsExactly(
            "initHost", "preStartHook", "postStartHook", "initHostWithRpc", "reset", "cleanupHost");
    assertThat(lifecycle.phase()).isEqualTo(ManagerLifecycle.Phase.CLEANED_UP);
  }

  @Test
  void hooksOutOfOrderAreRefusedNamingThePhase() {
    RecordingManager manager = new RecordingManager(context);
    ManagerLifecycle lifecycle = ManagerLifecycle.of(manager);

    assertThatThrownBy(lifecycle::preStart)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NEW");
    assertThatThrownBy(lifecycle::reset).isInstanceOf(IllegalStateException.class);
    lifecycle.initHost();
    assertThatThrownBy(lifecycle::initHost).hasMessageContaining("HOST_INITIALISED");
    assertThat(manager.calls).containsExactly("initHost");
  }

  @Test
  void cleanupOfANeverStartedManagerRunsNoHook() {
    RecordingManager manager = new RecordingManager(context);
    ManagerLifecycle.of(manager).cleanup();
    assertThat(manager.calls).isEmpty();
  }

  @Test
  void identityVersionsAndMaskedConfig() {
    RecordingManager manager = new RecordingManager(context);

    assertThat(manager.host()).isEqualTo("node1");
    assertThat(manager.serviceName()).isEqualTo("volume");
    assertThat(manager.rpcApiVersion()).isEqualTo("1.0");
    assertThat(manager.serviceVersion()).isZero();
    assertThat(manager.isWorking()).isTrue();
    assertThat(manager.config().masked())
        .containsEntry("db_password", "***")
        .containsEntry("stats_interval", "30s");
    assertThat(manager.config().value("db_password")).contains("hunter2");
  }

  @Test
  void periodicTasksComeFromTheClassAndReadSpacingFromConfig() {
    RecordingManager manager = new RecordingManager(context);

    assertThat(manager.periodicTasks().tasks())
        .extracting(PeriodicTask::name)
        .containsExactly("publishStats");
    assertThat(manager.periodicTasks().currentSpacing(manager.periodicTasks().tasks().get(0)))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void capabilitiesAreStoredAsACopyWithTheirTime() {
    RecordingManager manager = new RecordingManager(context);
    assertThat(manager.lastCapabilities()).isEmpty();
    assertThat(manager.lastCapabilitiesAt()).isEmpty();

    Map<String, Object> caps = new HashMap<>(Map.of("free_capacity_gb", 100));
    clock.advance(Duration.ofSeconds(3));
    manager.updateServiceCapabilities(caps);
    caps.put("free_capacity_gb", 0);

    assertThat(manager.lastCapabilities()).containsEntry("free_capacity_gb", 100);
    assertThat(manager.lastCapabilitiesAt()).contains(clock.now());
    assertThatThrownBy(() -> manager.lastCapabilities().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void contextRefusesBlankIdentity() {
    assertThatThrownBy(() -> ManagerContext.builder(" ", "volume").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host");
  }
}
