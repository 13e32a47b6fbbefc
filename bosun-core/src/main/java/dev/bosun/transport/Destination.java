package dev.bosun.transport;

import java.util.Objects;

/** Where a published message goes. A closed family: one record per oslo.messaging route. */
public sealed interface Destination {

  /**
   * A topic exchange with a routing key: RPC to any server of a topic ({@code <topic>}) or to one
   * server ({@code <topic>.<server>}).
   */
  record Topic(String exchange, String routingKey) implements Destination {
    public Topic {
      requireName(exchange, "exchange");
      requireName(routingKey, "routingKey");
    }
  }

  /** The fanout exchange {@code <topic>_fanout}: every server of the topic gets a copy. */
  record Fanout(String topic) implements Destination {
    public Fanout {
      requireName(topic, "topic");
    }

    /** The exchange name, {@code <topic>_fanout}; it is never scoped by a control exchange. */
    public String exchange() {
      return topic + "_fanout";
    }
  }

  /** A reply queue named by the caller's {@code _reply_q}, reached through the default exchange. */
  record Reply(String queue) implements Destination {
    public Reply {
      requireName(queue, "queue");
    }
  }

  /**
   * A notification: a topic exchange and a routing key {@code <topic>.<priority>}. Publishing also
   * declares the queue named like the routing key, so notifications wait there until a listener
   * comes (oslo's behaviour).
   */
  record Notification(String exchange, String routingKey) implements Destination {
    public Notification {
      requireName(exchange, "exchange");
      requireName(routingKey, "routingKey");
    }
  }

  private static void requireName(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
