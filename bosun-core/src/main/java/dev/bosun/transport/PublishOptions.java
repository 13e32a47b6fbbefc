package dev.bosun.transport;

import java.time.Duration;

/**
 * How to publish one message.
 *
 * @param ttlMillis how long the message may wait unconsumed before the transport drops it (AMQP
 *     {@code expiration}); 0 for no limit
 * @param mandatory fail the publish with {@link NoRouteException} when no queue takes the message
 */
public record PublishOptions(long ttlMillis, boolean mandatory) {
  /** No time limit, not mandatory: casts and notifications. */
  public static final PublishOptions DEFAULT = new PublishOptions(0, false);

  public PublishOptions {
    if (ttlMillis < 0) {
      throw new IllegalArgumentException("ttlMillis must be >= 0, found " + ttlMillis);
    }
  }

  public PublishOptions withTtl(Duration ttl) {
    return new PublishOptions(ttl.toMillis(), mandatory);
  }

  public PublishOptions withMandatory(boolean value) {
    return new PublishOptions(ttlMillis, value);
  }
}
