package dev.bosun.transport;

/** Receives deliveries from a {@link Subscription}; see {@link Transport#subscribe}. */
@FunctionalInterface
public interface DeliveryHandler {
  void onDelivery(Delivery delivery);
}
