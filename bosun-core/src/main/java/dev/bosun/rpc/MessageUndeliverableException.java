package dev.bosun.rpc;

/**
 * A request found no queue to go to: nobody serves the topic (or the topic and server) it was
 * addressed to, or the broker restarted and lost the queue, and its servers have not declared it
 * again yet. oslo's {@code MessageUndeliverable}; Bosun publishes calls and topic casts as
 * mandatory, so a call to a topic nobody serves fails at once instead of waiting for its timeout,
 * and a cast that went nowhere says so instead of being confirmed and dropped. The request was not
 * delivered: sending it again is safe.
 */
public class MessageUndeliverableException extends RpcException {
  private final Target target;

  public MessageUndeliverableException(Target target, String method, Throwable cause) {
    super(
        "No server is listening on "
            + target
            + " for RPC method '"
            + method
            + "' (no queue took the message; it was not delivered): is the service running, and"
            + " are its topic and host spelled the same? After a broker restart, servers declare"
            + " their queues again when they reconnect; sending again then succeeds",
        cause);
    this.target = target;
  }

  public Target target() {
    return target;
  }
}
