package dev.bosun.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.bosun.log.RateLimitedLog;
import dev.bosun.transport.Delivery;
import dev.bosun.transport.DeliveryHandler;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.TransportException;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.DataFormatException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer on its own channel. {@link #start} declares what the source needs and consumes; it
 * runs again after a reconnection or a broker-side cancel, with the same queue name.
 *
 * <p>The handler runs on amqp-client's consumer thread for this connection, one delivery at a time
 * per subscription. A delivery whose {@code content_type} is not {@code application/json} is
 * rejected without requeue and never reaches the handler, as oslo does; so is one with an unknown
 * compression header or a corrupt compressed body, logged as a warning (one line per kind of
 * problem a minute, with the count of the others). A gzip- or bz2-compressed body is inflated
 * before the handler sees it.
 */
final class RabbitSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(RabbitSubscription.class);
  private static final RateLimitedLog DROPPED = RateLimitedLog.create(LOG);

  private final Consumers owner;
  private final Topology topology;
  private final RabbitOptions options;
  private final Source source;
  private final DeliveryHandler handler;
  private final int prefetch;
  private final String queue;
  private final boolean privateQueue;
  private final Object lock = new Object();

  // guarded by lock
  private @Nullable Channel channel;
  private @Nullable String consumerTag;
  private volatile boolean closed;

  RabbitSubscription(
      Consumers owner,
      Topology topology,
      RabbitOptions options,
      Source source,
      DeliveryHandler handler,
      int defaultPrefetch) {
    this.owner = owner;
    this.prefetch =
        options.rabbitQosPrefetchCount() > 0 ? options.rabbitQosPrefetchCount() : defaultPrefetch;
    this.topology = topology;
    this.options = options;
    this.source = source;
    this.handler = handler;
    if (source instanceof Source.Shared s) {
      queue = s.queue();
      privateQueue = false;
    } else if (source instanceof Source.Fanout f) {
      queue = Topology.fanoutQueue(f.topic());
      privateQueue = true;
    } else {
      queue = Topology.replyQueue();
      privateQueue = true;
    }
  }

  @Override
  public String queue() {
    return queue;
  }

  Source source() {
    return source;
  }

  /** Declares and consumes on a fresh channel of {@code c}. */
  void start(BrokerConnector.Connected c) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closeQuietly(channel);
      channel = null;
      Channel ch = null;
      try {
        Declarer.Reopen reopen = () -> openChannel(c);
        ch = openChannel(c);
        ch = declare(ch, reopen);
        Channel consuming = ch;
        consumerTag =
            ch.basicConsume(queue, false, topology.consumerArguments(), new Consumer(consuming));
        channel = ch;
      } catch (IOException | ShutdownSignalException e) {
        closeQuietly(ch);
        throw Declarer.failure(
            "Cannot consume from queue '"
                + queue
                + "' ("
                + source
                + ") on RabbitMQ at "
                + c.broker().address(),
            e);
      }
    }
  }

  @Override
  public void close() {
    Channel ch;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      ch = channel;
    }
    owner.remove(this);
    if (ch == null || !ch.isOpen()) {
      return;
    }
    try {
      ch.basicCancel(Objects.requireNonNull(consumerTag, "consumerTag")); // set with the channel
      if (privateQueue) {
        ch.queueDelete(queue);
      }
    } catch (IOException | ShutdownSignalException e) {
      LOG.debug("Could not cancel or delete queue {} cleanly: {}", queue, e.getMessage());
    }
    closeQuietly(ch);
  }

  private Channel openChannel(BrokerConnector.Connected c) throws IOException {
    Channel ch = c.connection().createChannel();
    if (prefetch > 0) {
      ch.basicQos(prefetch, false);
    }
    return ch;
  }

  private Channel declare(Channel ch, Declarer.Reopen reopen) throws IOException {
    if (source instanceof Source.Shared s) {
      ch =
          Declarer.exchange(
              ch,
              reopen,
              s.exchange(),
              Topology.TOPIC,
              topology.exchangeDurable(),
              topology.exchangeAutoDelete());
      ch =
          Declarer.queue(
              ch,
              reopen,
              queue,
              topology.sharedQueueDurable(),
              topology.sharedQueueAutoDelete(),
              topology.sharedQueueArguments());
      for (String key : s.bindingKeys()) {
        ch.queueBind(queue, s.exchange(), key);
      }
    } else if (source instanceof Source.Fanout f) {
      String exchange = f.topic() + "_fanout";
      ch = Declarer.exchange(ch, reopen, exchange, Topology.FANOUT, false, true);
      ch.queueDeclare(queue, false, false, false, topology.transientQueueArguments());
      ch.queueBind(queue, exchange, f.topic());
    } else {
      ch.queueDeclare(queue, false, false, false, topology.transientQueueArguments());
    }
    return ch;
  }

  private static void closeQuietly(@Nullable Channel ch) {
    if (ch != null && ch.isOpen()) {
      try {
        ch.close();
      } catch (IOException | java.util.concurrent.TimeoutException | ShutdownSignalException e) {
        LOG.debug("Closing a channel failed", e);
      }
    }
  }

  private final class Consumer extends DefaultConsumer {
    Consumer(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String tag, Envelope envelope, AMQP.BasicProperties props, byte[] raw) throws IOException {
      Optional<String> problem = Wire.problem(props);
      byte[] body = null;
      if (problem.isEmpty()) {
        try {
          body = Wire.body(props, raw);
        } catch (DataFormatException e) {
          problem = Optional.of("compressed body cannot be inflated: " + e.getMessage());
        }
      }
      if (problem.isPresent()) {
        DROPPED.warn(
            "dropped:" + queue,
            "Dropping a message from queue '{}' (exchange '{}', routing key '{}'): {}; it is"
                + " rejected without requeue",
            queue,
            envelope.getExchange(),
            envelope.getRoutingKey(),
            problem.get());
        getChannel().basicReject(envelope.getDeliveryTag(), false);
        return;
      }
      // no problem: Wire.body set it
      RabbitDelivery delivery =
          new RabbitDelivery(
              getChannel(), envelope.getDeliveryTag(), Objects.requireNonNull(body, "body"));
      try {
        handler.onDelivery(delivery);
      } catch (RuntimeException e) {
        if (closed) {
          LOG.debug(
              "The handler of queue '{}' failed after the subscription closed; RabbitMQ"
                  + " delivers the message again if it was not settled",
              queue,
              e);
          return;
        }
        if (delivery.settled.get()) {
          LOG.error("The handler of queue '{}' threw after settling the message", queue, e);
          return;
        }
        LOG.error(
            "The handler of queue '{}' threw instead of settling the message; rejecting it"
                + " without requeue",
            queue,
            e);
        {
          try {
            delivery.reject(false);
          } catch (TransportException ignored) {
            // the channel is gone: the broker redelivers the message
          }
        }
      }
    }

    @Override
    public void handleCancel(String tag) {
      if (closed) {
        return;
      }
      LOG.warn(
          "RabbitMQ cancelled the consumer of queue '{}' ({}: the queue was deleted or its"
              + " node failed); declaring it and consuming again in {} ms",
          queue,
          source,
          options.reconnectDelay(0).toMillis());
      owner.restartLater(RabbitSubscription.this);
    }

    @Override
    public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
      // connection-level losses are handled by Consumers; a channel-level error is local
      if (closed || sig.isHardError() || sig.isInitiatedByApplication()) {
        return;
      }
      LOG.warn(
          "RabbitMQ closed the channel consuming queue '{}' ({}); consuming again in {} ms",
          queue,
          Declarer.reason(sig),
          options.reconnectDelay(0).toMillis());
      owner.restartLater(RabbitSubscription.this);
    }
  }

  /** Acks and rejects go to the channel the message came on; the first settle wins. */
  private final class RabbitDelivery implements Delivery {
    private final Channel channel;
    private final long tag;
    private final byte[] body;
    final AtomicBoolean settled = new AtomicBoolean();

    RabbitDelivery(Channel channel, long tag, byte[] body) {
      this.channel = channel;
      this.tag = tag;
      this.body = body;
    }

    @Override
    public byte[] body() {
      return body;
    }

    @Override
    public void ack() {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      try {
        channel.basicAck(tag, false);
      } catch (IOException | ShutdownSignalException e) {
        throw new TransportException(
            "Cannot ack a message from queue '"
                + queue
                + "': the channel is closed ("
                + Declarer.reason(e)
                + "); RabbitMQ will deliver it again",
            e);
      }
    }

    @Override
    public void reject(boolean requeue) {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      try {
        channel.basicReject(tag, requeue);
      } catch (IOException | ShutdownSignalException e) {
        throw new TransportException(
            "Cannot reject a message from queue '"
                + queue
                + "': the channel is closed ("
                + Declarer.reason(e)
                + "); RabbitMQ will deliver it again",
            e);
      }
    }
  }
}
