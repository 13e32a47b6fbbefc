package dev.bosun.rpc;

/**
 * A request found no queue to go to: nobody serves the topic (or the topic and server) it was
 * addressed to. oslo's {@code MessageUndeliverable}; Bosun publishes calls as mandatory, so a call
 * to a topic nobody serves fails at once instead of waiting for its timeout.
 */
public class MessageUndeliverableException extends RpcException {
  private final Target target;

  public MessageUndeliverableException(Target target, String method, Throwable cause) {
    super(
        "No server is listening on "
            + target
            + " for RPC method '"
            + method
            + "': is the service running, and are its topic and host spelled the same?",
        cause);
    this.target = target;
  }

  public Target target() {
    return target;
  }
}
