package dev.bosun.driver;

/** Not registered; its constructor fails. */
public class BrokenGreeter implements Greeter {
  public BrokenGreeter() {
    throw new IllegalStateException("no licence file");
  }

  @Override
  public String greet() {
    return "never";
  }
}
