package dev.bosun.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Moves opaque message bodies between Bosun processes. A transport knows nothing of RPC or
 * notifications: the RPC and notification layers build oslo.messaging's envelope and hand the bytes
 * to {@link #publish}; they receive bytes through {@link #subscribe}. The memory transport and the
 * RabbitMQ transport implement this interface without special cases, so everything above it behaves
 * the same on both.
 *
 * <p>The addressing follows oslo.messaging's RabbitMQ topology (see {@link Destination} and {@link
 * Source}): a topic exchange per control exchange, a fanout exchange per topic, and private reply
 * queues reached through the default exchange.
 *
 * <p>Implementations are thread-safe. {@link #close()} is idempotent; a closed transport refuses
 * further work with a {@link TransportException}.
 */
public interface Transport extends AutoCloseable {

  /**
   * Publishes {@code body} to {@code destination}.
   *
   * @return a future completed when the transport has safely handed the message over (RabbitMQ: the
   *     broker's publisher confirm; memory: enqueued), or completed exceptionally with {@link
   *     NoRouteException} when {@link PublishOptions#mandatory()} is set and no queue takes the
   *     message, or with another {@link TransportException} when it could not be sent
   */
  CompletableFuture<Void> publish(Destination destination, byte[] body, PublishOptions options);

  /**
   * Starts consuming from {@code source}, declaring what it needs. The handler is called once per
   * delivery, on a thread owned by the transport, and must {@link Delivery#ack() ack} or {@link
   * Delivery#reject(boolean) reject} every delivery; it should hand long work to another thread.
   */
  Subscription subscribe(Source source, DeliveryHandler handler);

  /**
   * Like {@link #subscribe(Source, DeliveryHandler)}, with at most {@code maxUnsettled} deliveries
   * handed to the handler and not yet acked or rejected at a time: the next one waits in the queue
   * (RabbitMQ: {@code basic.qos} prefetch, unless the deployment sets {@code
   * rabbit_qos_prefetch_count}; memory: the subscription's thread waits). This is how a consumer
   * that hands deliveries to other threads keeps the number it holds bounded. A transport that
   * cannot limit deliveries ignores it; this default does.
   *
   * @param maxUnsettled at least 1
   */
  default Subscription subscribe(Source source, DeliveryHandler handler, int maxUnsettled) {
    if (maxUnsettled < 1) {
      throw new IllegalArgumentException("maxUnsettled must be >= 1, found " + maxUnsettled);
    }
    return subscribe(source, handler);
  }

  /** A description of where this transport connects, with any password masked. */
  String describe();

  /** Stops all subscriptions and releases connections. Idempotent. */
  @Override
  void close();
}
