package dev.bosun.rabbit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.bosun.transport.TransportException;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declares exchanges and queues, surviving a {@code 406 PRECONDITION_FAILED} (an entity that exists
 * with other flags, spec §2.3): the broker closes the channel, so a new one is opened, the entity
 * is checked passively, and work goes on with the entity as it is.
 */
final class Declarer {
  private static final Logger LOG = LoggerFactory.getLogger(Declarer.class);

  /** Opens a fresh channel to replace one the broker closed. */
  @FunctionalInterface
  interface Reopen {
    Channel open() throws IOException;
  }

  private Declarer() {}

  /** Declares an exchange; returns the channel to go on with (a new one after a 406). */
  static Channel exchange(
      Channel ch, Reopen reopen, String name, String type, boolean durable, boolean autoDelete)
      throws IOException {
    try {
      ch.exchangeDeclare(name, type, durable, autoDelete, null);
      return ch;
    } catch (IOException e) {
      if (!isPreconditionFailed(e)) {
        throw e;
      }
      LOG.warn(
          "Exchange '{}' exists with other flags than this service declares ({}, durable={},"
              + " auto_delete={}): {}. Using it as it is; align amqp_durable_queues,"
              + " amqp_auto_delete and rabbit_quorum_queue with the other services on this bus",
          name,
          type,
          durable,
          autoDelete,
          reason(e));
      Channel fresh = reopen.open();
      fresh.exchangeDeclarePassive(name);
      return fresh;
    }
  }

  /** Declares a queue; a 406 is tolerated the same way (the queue is used as it is). */
  static Channel queue(
      Channel ch,
      Reopen reopen,
      String name,
      boolean durable,
      boolean autoDelete,
      Map<String, Object> args)
      throws IOException {
    try {
      ch.queueDeclare(name, durable, false, autoDelete, args);
      return ch;
    } catch (IOException e) {
      if (!isPreconditionFailed(e)) {
        throw e;
      }
      LOG.warn(
          "Queue '{}' exists with other flags or arguments than this service declares"
              + " (durable={}, auto_delete={}, arguments={}): {}. Using it as it is; align the queue"
              + " options of [oslo_messaging_rabbit] with the other services on this bus",
          name,
          durable,
          autoDelete,
          args,
          reason(e));
      Channel fresh = reopen.open();
      fresh.queueDeclarePassive(name);
      return fresh;
    }
  }

  static boolean isPreconditionFailed(Throwable e) {
    return e.getCause() instanceof ShutdownSignalException sse
        && sse.getReason() instanceof AMQP.Channel.Close close
        && close.getReplyCode() == AMQP.PRECONDITION_FAILED;
  }

  static String reason(Throwable e) {
    Throwable t = e instanceof ShutdownSignalException ? e : e.getCause();
    if (t instanceof ShutdownSignalException sse) {
      Object reason = sse.getReason();
      if (reason instanceof AMQP.Channel.Close close) {
        return close.getReplyText();
      }
      if (reason instanceof AMQP.Connection.Close close) {
        return close.getReplyText();
      }
      if (sse.getCause() != null) {
        return "connection broken: " + BrokerConnector.describe(sse.getCause());
      }
      return "connection closed unexpectedly";
    }
    return BrokerConnector.describe(e);
  }

  static TransportException failure(String what, Throwable e) {
    return new TransportException(what + ": " + reason(e), e);
  }
}
