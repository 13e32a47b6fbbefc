package dev.bosun.manager;

import java.time.Instant;
import java.util.function.BooleanSupplier;

final class RunContext implements PeriodicContext {
  private final String taskName;
  private final Instant startedAt;
  private final BooleanSupplier stopRequested;

  RunContext(String taskName, Instant startedAt, BooleanSupplier stopRequested) {
    this.taskName = taskName;
    this.startedAt = startedAt;
    this.stopRequested = stopRequested;
  }

  @Override
  public String taskName() {
    return taskName;
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public boolean stopRequested() {
    return stopRequested.getAsBoolean();
  }

  @Override
  public String toString() {
    return "PeriodicContext[" + taskName + " started " + startedAt + "]";
  }
}
