package dev.bosun.cli;

import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import dev.bosun.service.ServiceDefinition;

/** {@code bosun run demo}: the demo's manager as a long-running service. */
public final class DemoDefinition implements ServiceDefinition {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String description() {
    return "A small service with a fast, a slow and a failing periodic task, and an RPC API.";
  }

  @Override
  public Manager createManager(ManagerContext context) {
    return new DemoManager(context);
  }
}
