package dev.bosun.rabbit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The flags and arguments of every entity the driver declares, from the options, exactly as
 * oslo.messaging 14.0.3 declares them (spec §2.1, §2.3). One place, so the publisher and the
 * consumers can never disagree.
 */
final class Topology {
  static final String TOPIC = "topic";
  static final String FANOUT = "fanout";

  private final RabbitOptions options;

  Topology(RabbitOptions options) {
    this.options = options;
  }

  /** Control exchange (and any exchange of a Topic or Notification): topic type. */
  boolean exchangeDurable() {
    return options.durable();
  }

  boolean exchangeAutoDelete() {
    return options.amqpAutoDelete();
  }

  /** {@code <topic>}, {@code <topic>.<server>}, notification and pool queues. */
  boolean sharedQueueDurable() {
    return options.durable();
  }

  boolean sharedQueueAutoDelete() {
    return options.amqpAutoDelete();
  }

  Map<String, Object> sharedQueueArguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    if (options.rabbitQuorumQueue()) {
      args.put("x-queue-type", "quorum");
      if (options.rabbitQuorumDeliveryLimit() > 0) {
        args.put("x-delivery-limit", options.rabbitQuorumDeliveryLimit());
      }
      if (options.rabbitQuorumMaxMemoryLength() > 0) {
        args.put("x-max-in-memory-length", options.rabbitQuorumMaxMemoryLength());
      }
      if (options.rabbitQuorumMaxMemoryBytes() > 0) {
        args.put("x-max-in-memory-bytes", options.rabbitQuorumMaxMemoryBytes());
      }
    }
    if (options.rabbitHaQueues()) {
      args.put("x-ha-policy", "all");
    }
    return Collections.unmodifiableMap(args);
  }

  /** Reply and fanout queues: never durable, never auto-delete, classic, with x-expires. */
  Map<String, Object> transientQueueArguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    if (options.rabbitHaQueues()) {
      args.put("x-ha-policy", "all");
    }
    if (options.rabbitTransientQueuesTtl() > 0) {
      args.put("x-expires", options.rabbitTransientQueuesTtl() * 1000);
    }
    return Collections.unmodifiableMap(args);
  }

  Map<String, Object> consumerArguments() {
    return options.enableCancelOnFailover() ? Map.of("x-cancel-on-ha-failover", true) : Map.of();
  }

  static String fanoutQueue(String topic) {
    return topic + "_fanout_" + uuidHex();
  }

  static String replyQueue() {
    return "reply_" + uuidHex();
  }

  static String uuidHex() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
