package dev.bosun.driver;

/** A driver kind for tests. */
public interface Greeter extends Driver {
  String greet();
}
