package dev.bosun.transport;

/** A mandatory message found no queue: nobody consumes the topic, server or reply queue. */
public class NoRouteException extends TransportException {
  private final Destination destination;

  public NoRouteException(Destination destination) {
    super(
        "No queue takes messages for "
            + destination
            + ": nothing is consuming it (is the service running?)");
    this.destination = destination;
  }

  public Destination destination() {
    return destination;
  }
}
