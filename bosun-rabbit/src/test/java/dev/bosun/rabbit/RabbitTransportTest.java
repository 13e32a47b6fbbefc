package dev.bosun.rabbit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.bosun.tck.ExternalServices;
import dev.bosun.transport.Delivery;
import dev.bosun.transport.Destination;
import dev.bosun.transport.NoRouteException;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.TransportException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.Inflater;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ transport against the broker on 127.0.0.1:5672, checked with a raw client. */
class RabbitTransportTest {
  private RawBroker raw;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    raw = new RawBroker();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  private RabbitTransport transport(RabbitOptions options) {
    RabbitTransport t =
        RabbitTransport.builder()
            .broker(RabbitBroker.guest("127.0.0.1", 5672))
            .options(options)
            .connectionName("bosun-rabbit-test")
            .build();
    toClose.add(t);
    return t;
  }

  private RabbitTransport transport() {
    return transport(RabbitOptions.defaults());
  }

  private static byte[] json(String s) {
    return ("{\"oslo.version\": \"2.0\", \"oslo.message\": \"" + s + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private Subscription subscribe(RabbitTransport t, Source source, BlockingQueue<String> got) {
    Subscription s =
        t.subscribe(
            source,
            d -> {
              got.add(new String(d.body(), StandardCharsets.UTF_8));
              d.ack();
            });
    toClose.add(s);
    return s;
  }

  @Test
  void topicMessageArrivesWithOslosProperties() throws Exception {
    RabbitTransport t = transport();
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("topic");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    String tap = raw.tap(exchange, topic);

    t.publish(
            new Destination.Topic(exchange, topic),
            json("call"),
            PublishOptions.DEFAULT.withMandatory(true).withTtl(java.time.Duration.ofSeconds(10)))
        .get(10, SECONDS);
    t.publish(new Destination.Topic(exchange, topic), json("cast"), PublishOptions.DEFAULT)
        .get(10, SECONDS);

    assertThat(got.poll(10, SECONDS)).isEqualTo(new String(json("call"), StandardCharsets.UTF_8));
    assertThat(got.poll(10, SECONDS)).isEqualTo(new String(json("cast"), StandardCharsets.UTF_8));
    GetResponse call = raw.get(tap);
    AMQP.BasicProperties p = call.getProps();
    assertThat(p.getContentType()).isEqualTo("application/json");
    assertThat(p.getContentEncoding()).isEqualTo("utf-8");
    assertThat(p.getDeliveryMode()).isEqualTo(2);
    assertThat(p.getPriority()).isZero();
    assertThat(p.getHeaders()).isEmpty();
    assertThat(p.getExpiration()).isEqualTo("10000");
    assertThat(p.getCorrelationId()).isNull();
    assertThat(p.getReplyTo()).isNull();
    assertThat(p.getMessageId()).isNull();
    GetResponse cast = raw.get(tap);
    assertThat(cast.getProps().getExpiration()).isNull();
    assertThat(cast.getEnvelope().getExchange()).isEqualTo(exchange);
  }

  @Test
  void topologyIsOslosAsRabbitmqctlListsIt() throws Exception {
    RabbitTransport t = transport();
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("topic");
    raw.exchange(exchange)
        .exchange(topic + "_fanout")
        .queue(topic)
        .queue(topic + ".host1")
        .queue("notif_" + topic + ".info");
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    subscribe(t, Source.Shared.of(exchange, topic + ".host1"), got);
    Subscription fanout = subscribe(t, new Source.Fanout(topic), got);
    Subscription reply = subscribe(t, new Source.Reply(), got);
    t.publish(
            new Destination.Notification(exchange, "notif_" + topic + ".info"),
            json("n"),
            PublishOptions.DEFAULT)
        .get(10, SECONDS);

    assertThat(fanout.queue()).matches(topic + "_fanout_[0-9a-f]{32}");
    assertThat(reply.queue()).matches("reply_[0-9a-f]{32}");
    List<String> exchanges =
        rabbitmqctl(
            "list_exchanges", "name", "type", "durable", "auto_delete", "internal", "arguments");
    assertThat(exchanges)
        .contains(
            exchange + "\ttopic\tfalse\tfalse\tfalse\t[]",
            topic + "_fanout\tfanout\tfalse\ttrue\tfalse\t[]");
    List<String> queues =
        rabbitmqctl(
            "list_queues",
            "name",
            "type",
            "durable",
            "auto_delete",
            "exclusive",
            "arguments",
            "consumers",
            "messages");
    assertThat(queues)
        .contains(
            topic + "\tclassic\tfalse\tfalse\tfalse\t[]\t1\t0",
            topic + ".host1\tclassic\tfalse\tfalse\tfalse\t[]\t1\t0",
            fanout.queue() + "\tclassic\tfalse\tfalse\tfalse\t[{\"x-expires\",1800000}]\t1\t0",
            reply.queue() + "\tclassic\tfalse\tfalse\tfalse\t[{\"x-expires\",1800000}]\t1\t0",
            "notif_" + topic + ".info\tclassic\tfalse\tfalse\tfalse\t[]\t0\t1");
    List<String> bindings =
        rabbitmqctl("list_bindings", "source_name", "destination_name", "routing_key");
    assertThat(bindings)
        .contains(
            exchange + "\t" + topic + "\t" + topic,
            exchange + "\t" + topic + ".host1\t" + topic + ".host1",
            topic + "_fanout\t" + fanout.queue() + "\t" + topic,
            exchange + "\tnotif_" + topic + ".info\tnotif_" + topic + ".info");

    fanout.close();
    reply.close();
    assertThat(raw.queueExists(fanout.queue())).as("fanout queue deleted on close").isFalse();
    assertThat(raw.queueExists(reply.queue())).as("reply queue deleted on close").isFalse();
  }

  @Test
  void quorumOptionsDeclareQuorumQueuesAndADurableExchange() throws Exception {
    RabbitTransport t =
        transport(
            RabbitOptions.builder().rabbitQuorumQueue(true).rabbitQuorumDeliveryLimit(5).build());
    String exchange = RawBroker.unique("qx");
    String topic = RawBroker.unique("qt");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Subscription reply = subscribe(t, new Source.Reply(), got);
    subscribe(t, Source.Shared.of(exchange, topic), got);
    t.publish(new Destination.Topic(exchange, topic), json("q"), PublishOptions.DEFAULT)
        .get(10, SECONDS);
    assertThat(got.poll(10, SECONDS)).contains("\"q\"");

    assertThat(rabbitmqctl("list_exchanges", "name", "type", "durable", "auto_delete"))
        .contains(exchange + "\ttopic\ttrue\tfalse");
    assertThat(rabbitmqctl("list_queues", "name", "type", "durable", "arguments"))
        .contains(
            topic + "\tquorum\ttrue\t[{\"x-queue-type\",\"quorum\"},{\"x-delivery-limit\",5}]",
            reply.queue() + "\tclassic\tfalse\t[{\"x-expires\",1800000}]");
  }

  @Test
  void mandatoryMessageToAMissingQueueFailsWithNoRoute() throws Exception {
    RabbitTransport t = transport();
    Destination missing = new Destination.Reply(RawBroker.unique("reply_missing"));
    CompletableFuture<Void> f =
        t.publish(missing, json("r"), PublishOptions.DEFAULT.withMandatory(true));
    assertThatThrownBy(() -> f.get(10, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NoRouteException.class)
        .satisfies(e -> assertThat(((NoRouteException) e).destination()).isEqualTo(missing));

    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    Subscription reply = subscribe(t, new Source.Reply(), got);
    t.publish(
            new Destination.Reply(reply.queue()),
            json("ok"),
            PublishOptions.DEFAULT.withMandatory(true))
        .get(10, SECONDS);
    assertThat(got.poll(10, SECONDS)).contains("ok");
    // not mandatory: dropped by the broker, confirmed all the same (oslo's cast semantics)
    t.publish(missing, json("r"), PublishOptions.DEFAULT).get(10, SECONDS);
  }

  @Test
  void manyPublishesInFlightAreAllConfirmedAndDelivered() throws Exception {
    RabbitTransport t = transport(RabbitOptions.builder().rabbitQosPrefetchCount(50).build());
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("many");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    int n = 2000;
    for (int i = 0; i < n; i++) {
      futures.add(
          t.publish(
              new Destination.Topic(exchange, topic),
              json("m" + i),
              PublishOptions.DEFAULT.withMandatory(i % 2 == 0)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, SECONDS);
    await().atMost(60, SECONDS).until(() -> got.size() == n);
    assertThat(new java.util.HashSet<>(got)).hasSize(n);
  }

  @Test
  void survivesAnExchangeDeclaredWithOtherFlags() throws Exception {
    String exchange = RawBroker.unique("durable");
    String topic = RawBroker.unique("t");
    raw.exchange(exchange).queue(topic);
    try (Channel ch = raw.channel()) {
      ch.exchangeDeclare(exchange, "topic", true, false, null);
    }
    RabbitTransport t = transport();
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    for (int i = 0; i < 3; i++) {
      t.publish(new Destination.Topic(exchange, topic), json("d" + i), PublishOptions.DEFAULT)
          .get(10, SECONDS);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(got.poll(10, SECONDS)).contains("d" + i);
    }
  }

  @Test
  void gzipCompressionIsKombus() throws Exception {
    RabbitTransport t = transport(RabbitOptions.builder().kombuCompression("gzip").build());
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("gz");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    String tap = raw.tap(exchange, topic);
    byte[] body = json("compressed " + "x".repeat(500));
    t.publish(new Destination.Topic(exchange, topic), body, PublishOptions.DEFAULT)
        .get(10, SECONDS);

    assertThat(got.poll(10, SECONDS)).isEqualTo(new String(body, StandardCharsets.UTF_8));
    GetResponse r = raw.get(tap);
    assertThat(r.getProps().getHeaders()).containsKey("compression");
    assertThat(r.getProps().getHeaders().get("compression").toString())
        .isEqualTo("application/x-gzip");
    assertThat(r.getProps().getContentType()).isEqualTo("application/json");
    assertThat(r.getBody()[0]).isEqualTo((byte) 0x78);
    Inflater inflater = new Inflater();
    inflater.setInput(r.getBody());
    byte[] out = new byte[body.length];
    assertThat(inflater.inflate(out)).isEqualTo(body.length);
    assertThat(out).isEqualTo(body);
  }

  /**
   * Issue 13 item 2: with {@code rabbit_qos_prefetch_count} 0 (oslo's default) a subscriber's limit
   * of unsettled deliveries becomes the channel's prefetch; a value set by the operator wins.
   */
  @Test
  void theSubscribersLimitIsThePrefetchUnlessTheOperatorSetsOne() throws Exception {
    String exchange = RawBroker.unique("x");
    String chosen = RawBroker.unique("pf");
    String operator = RawBroker.unique("pfo");
    String none = RawBroker.unique("pfn");
    raw.exchange(exchange).queue(chosen).queue(operator).queue(none);
    toClose.add(transport().subscribe(Source.Shared.of(exchange, chosen), Delivery::ack, 7));
    toClose.add(
        transport(RabbitOptions.builder().rabbitQosPrefetchCount(3).build())
            .subscribe(Source.Shared.of(exchange, operator), Delivery::ack, 7));
    toClose.add(transport().subscribe(Source.Shared.of(exchange, none), Delivery::ack));
    await()
        .atMost(30, SECONDS)
        .untilAsserted(
            () ->
                assertThat(rabbitmqctl("list_consumers", "queue_name", "prefetch_count"))
                    .contains(chosen + "\t7", operator + "\t3", none + "\t0"));
  }

  /** Issue 13 item 8: kombu_compression=bz2 is read and written, as oslo does. */
  @Test
  void bz2CompressionIsKombus() throws Exception {
    RabbitTransport t = transport(RabbitOptions.builder().kombuCompression("bz2").build());
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("bz");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    String tap = raw.tap(exchange, topic);
    byte[] body = json("compressed " + "y".repeat(500));
    t.publish(new Destination.Topic(exchange, topic), body, PublishOptions.DEFAULT)
        .get(10, SECONDS);

    assertThat(got.poll(10, SECONDS)).isEqualTo(new String(body, StandardCharsets.UTF_8));
    GetResponse r = raw.get(tap);
    assertThat(r.getProps().getHeaders().get("compression").toString())
        .isEqualTo("application/x-bz2");
    assertThat(r.getProps().getContentType()).isEqualTo("application/json");
    assertThat(new String(r.getBody(), 0, 3, StandardCharsets.US_ASCII)).isEqualTo("BZh");
    try (InputStream in =
        new BZip2CompressorInputStream(new java.io.ByteArrayInputStream(r.getBody()))) {
      assertThat(in.readAllBytes()).isEqualTo(body);
    }
  }

  @Test
  void aMessageThatIsNotJsonIsRejectedAndTheNextOneArrives() throws Exception {
    RabbitTransport t = transport();
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("ct");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    try (Channel ch = raw.channel()) {
      ch.basicPublish(
          exchange,
          topic,
          new AMQP.BasicProperties.Builder().contentType("text/plain").build(),
          "plain".getBytes(StandardCharsets.UTF_8));
      ch.basicPublish(
          exchange,
          topic,
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .headers(Map.of("compression", "application/x-bz2"))
              .build(),
          "BZh-corrupt".getBytes(StandardCharsets.UTF_8));
      ch.basicPublish(
          exchange,
          topic,
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .headers(Map.of("compression", "application/x-lzma"))
              .build(),
          "{}".getBytes(StandardCharsets.UTF_8));
    }
    t.publish(new Destination.Topic(exchange, topic), json("good"), PublishOptions.DEFAULT)
        .get(10, SECONDS);
    assertThat(got.poll(10, SECONDS)).contains("good");
    assertThat(got).isEmpty();
    assertThat(rabbitmqctl("list_queues", "name", "messages_unacknowledged", "messages"))
        .contains(topic + "\t0\t0");
  }

  @Test
  void aConsumerCancelledByTheBrokerComesBack() throws Exception {
    RabbitTransport t = transport(RabbitOptions.builder().kombuReconnectDelay(0.1).build());
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("cancel");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    try (Channel ch = raw.channel()) {
      ch.queueDelete(topic);
    }
    await().atMost(30, SECONDS).until(() -> raw.queueExists(topic));
    t.publish(
            new Destination.Topic(exchange, topic),
            json("back"),
            PublishOptions.DEFAULT.withMandatory(true))
        .get(10, SECONDS);
    assertThat(got.poll(10, SECONDS)).contains("back");
  }

  @Test
  void everyFanoutSubscriberGetsACopy() throws Exception {
    RabbitTransport a = transport();
    RabbitTransport b = transport();
    String topic = RawBroker.unique("fan");
    raw.exchange(topic + "_fanout");
    BlockingQueue<String> gotA = new LinkedBlockingQueue<>();
    BlockingQueue<String> gotB = new LinkedBlockingQueue<>();
    subscribe(a, new Source.Fanout(topic), gotA);
    subscribe(b, new Source.Fanout(topic), gotB);
    a.publish(new Destination.Fanout(topic), json("all"), PublishOptions.DEFAULT).get(10, SECONDS);
    assertThat(gotA.poll(10, SECONDS)).contains("all");
    assertThat(gotB.poll(10, SECONDS)).contains("all");
  }

  @Test
  void rejectWithRequeueDeliversAgain() throws Exception {
    RabbitTransport t = transport();
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("requeue");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<Boolean> redelivered = new LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicInteger seen =
        new java.util.concurrent.atomic.AtomicInteger();
    toClose.add(
        t.subscribe(
            Source.Shared.of(exchange, topic),
            (Delivery d) -> {
              if (seen.incrementAndGet() == 1) {
                d.reject(true);
              } else {
                d.ack();
                redelivered.add(true);
              }
            }));
    t.publish(new Destination.Topic(exchange, topic), json("again"), PublishOptions.DEFAULT)
        .get(10, SECONDS);
    assertThat(redelivered.poll(10, SECONDS)).isTrue();
    assertThat(seen.get()).isEqualTo(2);
  }

  @Test
  void anUnreachableBrokerFailsAtBuildNamingItWhenFailFast() {
    assertThatThrownBy(
            () ->
                RabbitTransport.builder()
                    .broker(new RabbitBroker("127.0.0.1", 1, "u", "secret"))
                    .failFast(true)
                    .build())
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("secret");
  }

  @Test
  void byDefaultAnUnreachableBrokerIsWaitedForAndPublishesSaySo() {
    RabbitTransport t =
        RabbitTransport.builder().broker(new RabbitBroker("127.0.0.1", 1, "u", "secret")).build();
    toClose.add(t);

    Subscription s = t.subscribe(new Source.Reply(), Delivery::ack);
    assertThat(s.queue()).startsWith("reply_");
    assertThatThrownBy(
            () ->
                t.publish(new Destination.Fanout("x"), json("x"), PublishOptions.DEFAULT)
                    .get(10, SECONDS))
        .cause()
        .isInstanceOf(TransportException.class)
        .hasMessageStartingWith("Not connected to RabbitMQ at 127.0.0.1:1 yet; retrying every")
        .hasMessageNotContaining("secret");
  }

  @Test
  void brokersAreTriedInOrder() throws Exception {
    RabbitTransport t =
        RabbitTransport.builder()
            .broker(new RabbitBroker("127.0.0.1", 1, "guest", "guest"))
            .broker(new RabbitBroker("127.0.0.1", 5672, "guest", "guest"))
            .build();
    toClose.add(t);
    assertThat(t.describe()).isEqualTo("rabbit://guest:***@127.0.0.1:1,guest:***@127.0.0.1:5672/");
    String exchange = RawBroker.unique("x");
    String topic = RawBroker.unique("failover");
    raw.exchange(exchange).queue(topic);
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    subscribe(t, Source.Shared.of(exchange, topic), got);
    t.publish(new Destination.Topic(exchange, topic), json("f"), PublishOptions.DEFAULT)
        .get(10, SECONDS);
    assertThat(got.poll(10, SECONDS)).contains("f");
  }

  @Test
  void aClosedTransportRefusesWork() {
    RabbitTransport t = transport();
    t.close();
    t.close();
    assertThatThrownBy(
            () ->
                t.publish(new Destination.Fanout("x"), json("x"), PublishOptions.DEFAULT)
                    .get(10, SECONDS))
        .cause()
        .isInstanceOf(TransportException.class);
    assertThatThrownBy(() -> t.subscribe(new Source.Reply(), Delivery::ack))
        .isInstanceOf(TransportException.class);
  }

  static List<String> rabbitmqctl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("rabbitmqctl", "-q"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("rabbitmqctl %s: %s", String.join(" ", args), out).isZero();
    return List.of(out.split("\n"));
  }
}
