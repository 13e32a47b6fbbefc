package dev.bosun.rpc;

import java.time.Duration;

/**
 * A call got no final reply in time: oslo's {@code MessagingTimeout}. Either the overall call
 * timeout ({@code rpc_response_timeout}) passed, or the call-monitor timeout passed without a
 * heartbeat from the server. The request may still run on the server; a late reply is dropped.
 */
public class RpcTimeoutException extends RpcException {
  private final Duration timeout;

  public RpcTimeoutException(String message, Duration timeout) {
    super(message);
    this.timeout = timeout;
  }

  /** The limit that passed. */
  public Duration timeout() {
    return timeout;
  }
}
