package dev.bosun.tck;

import dev.bosun.transport.DeliveryHandler;
import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.node.ObjectNode;

/**
 * A view of a real transport that records the RPC requests going through it: those published to a
 * topic or fanout (what a client sends) and those delivered to its subscribers (what a server
 * receives). Closing it leaves the transport open.
 */
final class WireRecorder implements Transport {
  /** One request: its method and the version it asked for ("1.0" when it named none). */
  record Request(String method, String version) {}

  private static final MessageCodec CODEC = MessageCodec.create();
  private final Transport transport;
  private final List<Request> sent = new CopyOnWriteArrayList<>();
  private final List<Request> received = new CopyOnWriteArrayList<>();

  WireRecorder(Transport transport) {
    this.transport = transport;
  }

  List<Request> sent() {
    return List.copyOf(sent);
  }

  List<Request> received() {
    return List.copyOf(received);
  }

  static List<String> versions(List<Request> requests) {
    return requests.stream().map(Request::version).toList();
  }

  @Override
  public CompletableFuture<Void> publish(
      Destination destination, byte[] body, PublishOptions options) {
    if (destination instanceof Destination.Topic || destination instanceof Destination.Fanout) {
      sent.add(request(body));
    }
    return transport.publish(destination, body, options);
  }

  @Override
  public Subscription subscribe(Source source, DeliveryHandler handler) {
    if (source instanceof Source.Reply) {
      return transport.subscribe(source, handler);
    }
    return transport.subscribe(
        source,
        delivery -> {
          received.add(request(delivery.body()));
          handler.onDelivery(delivery);
        });
  }

  private static Request request(byte[] body) {
    ObjectNode message = CODEC.decode(body);
    String version = message.has("version") ? message.get("version").asString() : "1.0";
    return new Request(message.get("method").asString(), version);
  }

  @Override
  public String describe() {
    return "recording " + transport.describe();
  }

  @Override
  public void close() {}
}
