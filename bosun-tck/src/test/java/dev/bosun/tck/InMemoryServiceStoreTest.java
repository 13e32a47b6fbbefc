package dev.bosun.tck;

import dev.bosun.servicegroup.ServiceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

class InMemoryServiceStoreTest extends ServiceStoreContract {
  private final ManualClock clock = new ManualClock();

  @Override
  protected ServiceStore createStore(Duration serviceDownTime) {
    return ServiceStore.inMemory(clock, serviceDownTime);
  }

  @Override
  protected void advanceClock(Duration by) {
    clock.now = clock.now.plus(by);
  }

  private static final class ManualClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
