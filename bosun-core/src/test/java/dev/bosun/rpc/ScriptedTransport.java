package dev.bosun.rpc;

import dev.bosun.transport.Delivery;
import dev.bosun.transport.DeliveryHandler;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A memory transport whose test can misbehave on purpose: hold or fail publishes, fail
 * subscriptions, and wrap the deliveries of shared queues. Everything not scripted goes to a real
 * memory transport on the named bus.
 */
final class ScriptedTransport implements Transport {

  /** Decides one publish; {@code real} is the memory transport underneath. */
  interface PublishScript {
    CompletableFuture<Void> publish(
        Destination destination, byte[] body, PublishOptions options, Transport real);
  }

  /** Decides one subscribe; may throw to make it fail. */
  interface SubscribeScript {
    Subscription subscribe(Source source, Transport real, DeliveryHandler handler);
  }

  private final Transport real;
  volatile PublishScript publishes =
      (destination, body, options, real) -> real.publish(destination, body, options);
  volatile SubscribeScript subscribes = (source, real, handler) -> real.subscribe(source, handler);

  /** Applied to every delivery of a {@link Source.Shared} queue (RPC requests). */
  volatile UnaryOperator<Delivery> requestDeliveries = UnaryOperator.identity();

  ScriptedTransport(String bus) {
    this.real = Transports.open(TransportUrl.parse("memory://" + bus));
  }

  @Override
  public CompletableFuture<Void> publish(
      Destination destination, byte[] body, PublishOptions options) {
    return publishes.publish(destination, body, options, real);
  }

  @Override
  public Subscription subscribe(Source source, DeliveryHandler handler) {
    DeliveryHandler wrapped =
        source instanceof Source.Shared
            ? delivery -> handler.onDelivery(requestDeliveries.apply(delivery))
            : handler;
    return subscribes.subscribe(source, real, wrapped);
  }

  @Override
  public String describe() {
    return "scripted " + real.describe();
  }

  @Override
  public void close() {
    real.close();
  }
}
