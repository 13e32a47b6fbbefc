package dev.bosun.faults;

import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import dev.bosun.service.ServiceDefinition;

/** {@code bosun run faultsink}: the suite's service, on the test class path of a child JVM. */
public final class SinkDefinition implements ServiceDefinition {
  @Override
  public String name() {
    return "faultsink";
  }

  @Override
  public String description() {
    return "The fault suite's service: counts casts, sleeps on request, reports its heap.";
  }

  @Override
  public Manager createManager(ManagerContext context) {
    return new SinkManager(context);
  }
}
