package dev.bosun.transport;

/** One message received by a subscription. Every delivery must be acked or rejected once. */
public interface Delivery {
  /** The message body, as published. */
  byte[] body();

  /** Settles the delivery as consumed. */
  void ack();

  /** Settles the delivery as not consumed; with {@code requeue} it is delivered again. */
  void reject(boolean requeue);
}
