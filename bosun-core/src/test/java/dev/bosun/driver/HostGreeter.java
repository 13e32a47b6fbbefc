package dev.bosun.driver;

import java.util.concurrent.atomic.AtomicInteger;

/** Registered; has both constructors, as ServiceLoader wants a no-argument one. */
@DriverName("host")
public class HostGreeter implements Greeter {
  static final AtomicInteger CREATED = new AtomicInteger();
  private final String greeting;

  public HostGreeter() {
    this("nobody");
  }

  public HostGreeter(DriverContext context) {
    this(context.option("greeting").orElse("hi") + " from " + context.host());
  }

  private HostGreeter(String greeting) {
    CREATED.incrementAndGet();
    this.greeting = greeting;
  }

  @Override
  public String greet() {
    return greeting;
  }
}
