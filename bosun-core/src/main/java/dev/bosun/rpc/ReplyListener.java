package dev.bosun.rpc;

import dev.bosun.transport.Delivery;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.MessageFormatException;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The reply queue of one client (and every client prepared from it): subscribed on the first call,
 * before that call is published, so a fast reply always finds it; replies are matched to waiting
 * calls by {@code _msg_id}. Late replies (the call timed out) and replies without a {@code _msg_id}
 * are acked and dropped; malformed ones are rejected and dropped, as oslo does.
 *
 * <p>Thread-safe. Deliveries run on the transport's thread.
 */
final class ReplyListener {
  private static final Logger LOG = LoggerFactory.getLogger(ReplyListener.class);

  private final Transport transport;
  private final MessageCodec codec = MessageCodec.create();
  private final Set<String> allowedRemoteExmods;
  private final ClassLoader classLoader;
  private final ConcurrentHashMap<String, PendingCall> pending = new ConcurrentHashMap<>();
  private @Nullable Subscription subscription;
  private volatile boolean subscribed;
  private boolean closed;

  ReplyListener(Transport transport, Set<String> allowedRemoteExmods, ClassLoader classLoader) {
    this.transport = transport;
    this.allowedRemoteExmods = Set.copyOf(allowedRemoteExmods);
    this.classLoader = classLoader;
  }

  Transport transport() {
    return transport;
  }

  /** The reply queue's name, subscribing first if needed. */
  synchronized String queue() {
    if (closed) {
      throw new IllegalStateException("this RpcClient is closed; build a new one");
    }
    if (subscription == null) {
      subscription = transport.subscribe(new Source.Reply(), this::onDelivery);
      subscribed = true;
      LOG.debug("RPC client consuming replies on {}", subscription.queue());
    }
    return subscription.queue();
  }

  /** Whether the reply queue is subscribed, so {@link #queue()} does not block; lock-free. */
  boolean subscribed() {
    return subscribed;
  }

  synchronized void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this RpcClient is closed; build a new one");
    }
  }

  void register(PendingCall call) {
    pending.put(call.msgId(), call);
  }

  void remove(String msgId) {
    pending.remove(msgId);
  }

  int pendingCount() {
    return pending.size();
  }

  RuntimeException failureToException(String failure, String method, String version) {
    return Failures.fromWire(failure, allowedRemoteExmods, classLoader, method, version);
  }

  void close() {
    Subscription toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = subscription;
    }
    if (toClose != null) {
      toClose.close();
    }
    for (PendingCall call : pending.values()) {
      call.fail(
          new RpcException(
              "The RpcClient was closed while call "
                  + call.msgId()
                  + " was waiting for its reply"));
    }
  }

  private void onDelivery(Delivery delivery) {
    ObjectNode reply;
    try {
      reply = codec.decode(delivery.body());
    } catch (MessageFormatException e) {
      LOG.warn("Dropping a malformed RPC reply: {}", e.getMessage());
      delivery.reject(false);
      return;
    }
    delivery.ack();
    JsonNode msgId = reply.get("_msg_id");
    if (msgId == null || !msgId.isString()) {
      LOG.warn("Dropping an RPC reply without _msg_id: {}", abbreviate(reply));
      return;
    }
    PendingCall call = pending.get(msgId.asString());
    if (call == null) {
      LOG.info(
          "Dropping a reply for call {}, which is no longer waiting (it timed out or its "
              + "client was closed)",
          msgId.asString());
      return;
    }
    try {
      call.onReply(reply);
    } catch (RuntimeException e) {
      LOG.warn("Could not handle the reply to call {}; failing the call", msgId.asString(), e);
      call.fail(
          new RpcException(
              "Could not handle the reply to call " + msgId.asString() + ": " + e.getMessage(), e));
    }
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
