package dev.bosun.db;

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
 * A view of a real transport that records the version of every RPC request published through it
 * ("1.0" when a request names none). Closing it leaves the transport open.
 */
final class RecordingTransport implements Transport {
  private static final MessageCodec CODEC = MessageCodec.create();
  private final Transport transport;
  private final List<String> sentVersions = new CopyOnWriteArrayList<>();

  RecordingTransport(Transport transport) {
    this.transport = transport;
  }

  List<String> sentVersions() {
    return List.copyOf(sentVersions);
  }

  @Override
  public CompletableFuture<Void> publish(Destination destination, byte[] body,
      PublishOptions options) {
    if (destination instanceof Destination.Topic) {
      ObjectNode message = CODEC.decode(body);
      sentVersions.add(message.has("version") ? message.get("version").asString() : "1.0");
    }
    return transport.publish(destination, body, options);
  }

  @Override
  public Subscription subscribe(Source source, DeliveryHandler handler) {
    return transport.subscribe(source, handler);
  }

  @Override
  public String describe() {
    return "recording " + transport.describe();
  }

  @Override
  public void close() {}
}
