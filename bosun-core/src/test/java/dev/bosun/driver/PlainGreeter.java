package dev.bosun.driver;

/** Not registered: reachable only by its class name. */
public class PlainGreeter implements Greeter {
  @Override
  public String greet() {
    return "plain";
  }
}
