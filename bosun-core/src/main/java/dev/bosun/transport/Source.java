package dev.bosun.transport;

import java.util.List;
import java.util.Objects;

/** What a subscription consumes from. A closed family: one record per oslo.messaging consumer. */
public sealed interface Source {

  /**
   * A named queue shared by every subscriber (round-robin), bound to a topic exchange with one or
   * more keys. RPC servers use {@code <topic>} and {@code <topic>.<server>}; notification listeners
   * use {@code <topic>.<priority>}, or a pool name bound to several keys.
   */
  record Shared(String exchange, String queue, List<String> bindingKeys) implements Source {
    public Shared {
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(queue, "queue");
      bindingKeys = List.copyOf(bindingKeys);
      if (bindingKeys.isEmpty()) {
        throw new IllegalArgumentException("a shared queue needs at least one binding key");
      }
    }

    /** A queue named like its only binding key, the common case. */
    public static Shared of(String exchange, String key) {
      return new Shared(exchange, key, List.of(key));
    }
  }

  /**
   * A queue private to this subscriber, {@code <topic>_fanout_<uuid4hex>}, bound to the fanout
   * exchange {@code <topic>_fanout}.
   */
  record Fanout(String topic) implements Source {
    public Fanout {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * A reply queue private to this subscriber, {@code reply_<uuid4hex>}; its name, read from {@link
   * Subscription#queue()}, goes out as {@code _reply_q}.
   */
  record Reply() implements Source {}
}
