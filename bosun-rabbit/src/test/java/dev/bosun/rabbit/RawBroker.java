package dev.bosun.rabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A plain amqp-client connection for tests: to look at what the transport did (passive declares,
 * basic.get) and to delete what a test declared. Everything it records is deleted on {@link
 * #close()}.
 */
final class RawBroker implements AutoCloseable {
  private final Connection connection;
  private final List<String> queues = new ArrayList<>();
  private final List<String> exchanges = new ArrayList<>();

  RawBroker(int port) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(port);
    f.setAutomaticRecoveryEnabled(false);
    connection = f.newConnection("bosun-rabbit-test");
  }

  RawBroker() throws Exception {
    this(5672);
  }

  static String unique(String prefix) {
    return "bosuntest_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A new channel; a 406 or 404 closes it without harming the others. */
  Channel channel() throws IOException {
    return connection.createChannel();
  }

  /** Remembers entities to delete at close. */
  RawBroker queue(String name) {
    queues.add(name);
    return this;
  }

  RawBroker exchange(String name) {
    exchanges.add(name);
    return this;
  }

  boolean queueExists(String name) throws IOException {
    return declaresPassively(ch -> ch.queueDeclarePassive(name));
  }

  boolean exchangeExists(String name) throws IOException {
    return declaresPassively(ch -> ch.exchangeDeclarePassive(name));
  }

  /** A passive declaration: the broker closes the channel when the entity does not exist. */
  private interface PassiveDeclaration {
    void declare(Channel channel) throws IOException;
  }

  private boolean declaresPassively(PassiveDeclaration declaration) throws IOException {
    Channel ch = channel();
    try {
      declaration.declare(ch);
      ch.close();
      return true;
    } catch (IOException e) {
      return false;
    } catch (java.util.concurrent.TimeoutException e) {
      return true;
    }
  }

  /** Binds a fresh queue (deleted at close) to {@code exchange} with {@code key}. */
  String tap(String exchange, String key) throws IOException {
    String q = unique("tap");
    try (Channel ch = channel()) {
      ch.queueDeclare(q, false, false, false, null);
      ch.queueBind(q, exchange, key);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException(e);
    }
    queues.add(q);
    return q;
  }

  GetResponse get(String queue) throws Exception {
    try (Channel ch = channel()) {
      return ch.basicGet(queue, true);
    }
  }

  @Override
  public void close() throws Exception {
    try (Channel ch = channel()) {
      for (String q : queues) {
        ch.queueDelete(q);
      }
      for (String x : exchanges) {
        ch.exchangeDelete(x);
      }
    } finally {
      connection.close();
    }
  }
}
