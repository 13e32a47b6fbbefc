package dev.bosun.servicegroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MinimumRpcVersionTest {
  private final ServiceStore store =
      ServiceStore.inMemory(Clock.systemUTC(), Duration.ofSeconds(60));

  @Test
  void countsTheUpServicesOfTheTopicThatReportAVersion() {
    store.register(ServiceRegistration.create("down", "bosun-volume", "volume", 1, "1.0"));
    store.forceDown("down", "bosun-volume");
    store.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 2, "1.10"));
    store.register(ServiceRegistration.create("host2", "bosun-volume", "volume", 2, "1.9"));
    store.register(ServiceRegistration.create("host3", "bosun-volume", "volume", 2));
    store.register(ServiceRegistration.create("host1", "bosun-backup", "backup", 2, "1.1"));

    assertThat(store.findMinimumRpcVersion("volume"))
        .contains(new MinimumRpcVersion("volume", "1.9", 2));
    assertThat(store.minimumRpcVersion("volume")).contains("1.9");
    assertThat(store.findMinimumRpcVersion("scheduler")).isEmpty();
    assertThatThrownBy(() -> store.findMinimumRpcVersion(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topic");
  }
}
