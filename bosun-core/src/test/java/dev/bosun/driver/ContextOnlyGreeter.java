package dev.bosun.driver;

/** Not registered, only a context constructor. */
public class ContextOnlyGreeter implements Greeter {
  private final String host;

  public ContextOnlyGreeter(DriverContext context) {
    this.host = context.host();
  }

  @Override
  public String greet() {
    return "context-only on " + host;
  }
}
