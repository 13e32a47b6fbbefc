package dev.bosun.tck;

import dev.bosun.servicegroup.ServiceStore;
import java.time.Duration;

class InMemoryAutoVersionCapTest extends AutoVersionCapContract {
  private final ManualClock clock = new ManualClock();

  @Override
  protected ServiceStore createStore(Duration serviceDownTime) {
    return ServiceStore.inMemory(clock, serviceDownTime);
  }

  @Override
  protected void advanceClock(Duration by) {
    clock.advance(by);
  }
}
