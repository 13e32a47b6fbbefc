package dev.bosun.transport;

import java.util.List;

/**
 * A message was refused because its queue already holds as many messages as it may (the memory
 * transport's {@code max_queue_length}): the consumers are slower than the senders. The message was
 * not taken by the full queues; the sender may retry later or shed load.
 */
public class QueueFullException extends TransportException {
  private final Destination destination;
  private final List<String> queues;

  public QueueFullException(
      Destination destination, List<String> queues, int maxQueueLength, String bus) {
    super(
        "Queue"
            + (queues.size() == 1 ? " " : "s ")
            + String.join(", ", queues)
            + " on memory bus '"
            + bus
            + "' "
            + (queues.size() == 1 ? "is" : "are")
            + " full ("
            + maxQueueLength
            + " messages, [memory] max_queue_length): the message for "
            + destination
            + " was not taken; its consumers are slower than its senders");
    this.destination = destination;
    this.queues = List.copyOf(queues);
  }

  public Destination destination() {
    return destination;
  }

  /** The names of the full queues. */
  public List<String> queues() {
    return queues;
  }
}
