package dev.bosun.driver;

import java.util.concurrent.atomic.AtomicInteger;

@DriverName("hello")
public class HelloGreeter implements Greeter {
  static final AtomicInteger CREATED = new AtomicInteger();

  public HelloGreeter() {
    CREATED.incrementAndGet();
  }

  @Override
  public String greet() {
    return "hello";
  }
}
