package dev.bosun.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.rpc.Cast;
import dev.bosun.rpc.MessageUndeliverableException;
import dev.bosun.rpc.NoSuchMethodException;
import dev.bosun.rpc.RemoteException;
import dev.bosun.rpc.RpcApi;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.RpcTimeoutException;
import dev.bosun.rpc.Since;
import dev.bosun.rpc.Target;
import dev.bosun.rpc.UnsupportedVersionException;
import dev.bosun.transport.Delivery;
import dev.bosun.transport.DeliveryHandler;
import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RPC contract every {@link Transport} passes: calls, casts, fanout, per-server routing,
 * timeouts, remote errors, concurrency, large and non-ASCII payloads, graceful stop and fast
 * failure for a topic nobody serves, through {@link RpcClient} and {@link RpcServer}. Extend it and
 * implement {@link #openTransport()}.
 *
 * <p>Each test uses its own control exchange and topic, so a real broker can be shared. Timing is
 * never asserted: waits are bounded by {@link #WAIT_SECONDS} and only fail a test that would
 * otherwise hang.
 */
public abstract class RpcContract {
  /** The longest any single wait in the suite lasts. */
  protected static final long WAIT_SECONDS = 30;

  /** The API the suite's servers serve. */
  @RpcApi(topic = "", version = "1.2")
  public interface EchoApi {
    String echo(RequestContext context, String text);

    @Since("1.1")
    String whoAmI(RequestContext context);

    String host(RequestContext context);

    String block(RequestContext context, String tag);

    int sleepMillis(RequestContext context, int millis);

    void fail(RequestContext context, String message);

    @Since("1.2")
    Map<String, Object> contextValues(RequestContext context);

    @Cast
    void record(RequestContext context, String tag);

    @Cast(fanout = true)
    void recordEverywhere(RequestContext context, String tag);
  }

  /** The suite's manager; one per server. */
  public static final class EchoManager implements EchoApi {
    final String host;
    final List<String> recorded = java.util.Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch recordedOne = new CountDownLatch(1);
    final AtomicInteger blocked = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    EchoManager(String host) {
      this.host = host;
    }

    @Override
    public String echo(RequestContext context, String text) {
      return text;
    }

    @Override
    public String whoAmI(RequestContext context) {
      return context.userId().orElse("anonymous") + "/" + context.requestId().orElse("none");
    }

    @Override
    public String host(RequestContext context) {
      return host;
    }

    @Override
    public String block(RequestContext context, String tag) {
      blocked.incrementAndGet();
      try {
        if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return tag;
    }

    @Override
    public int sleepMillis(RequestContext context, int millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return millis;
    }

    @Override
    public void fail(RequestContext context, String message) {
      throw new TckRemoteFailure(message);
    }

    @Override
    public Map<String, Object> contextValues(RequestContext context) {
      return context.values();
    }

    @Override
    public void record(RequestContext context, String tag) {
      recorded.add(tag);
      recordedOne.countDown();
    }

    @Override
    public void recordEverywhere(RequestContext context, String tag) {
      record(context, tag);
    }
  }

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final List<EchoManager> managers = new ArrayList<>();
  private String exchange;
  private String topic;
  private Transport serverTransport;
  private Transport clientTransport;
  private final RequestContext context =
      RequestContext.builder().userId("tck-user").projectId("tck-project").build();

  /**
   * Opens a new transport on the bus (or broker) shared by the whole test: two transports opened in
   * one test must reach each other, like two processes. The suite closes it.
   */
  protected abstract Transport openTransport();

  @BeforeEach
  void setUp() {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    exchange = "tck_rpc_" + id;
    topic = "tck-rpc-" + id;
    serverTransport = track(openTransport());
    clientTransport = track(openTransport());
  }

  /** Servers first (their handlers reply while the clients still listen), then clients. */
  @AfterEach
  void tearDown() throws Exception {
    managers.forEach(manager -> manager.release.countDown());
    for (Class<?> kind : List.of(RpcServer.class, RpcClient.class, AutoCloseable.class)) {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        if (kind.isInstance(toClose.get(i))) {
          toClose.remove(i).close();
        }
      }
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    toClose.add(closeable);
    return closeable;
  }

  /** Starts a server for {@code host} on the test's topic, on its own transport. */
  private EchoManager startServer(String host) {
    EchoManager manager = new EchoManager(host);
    managers.add(manager);
    Transport transport = track(openTransport());
    RpcServer server =
        track(
            RpcServer.builder(transport)
                .controlExchange(exchange)
                .target(Target.topic(topic).withServer(host))
                .endpoint(manager)
                .build());
    server.start();
    return manager;
  }

  private RpcServer startServerReturning(String host, EchoManager manager) {
    managers.add(manager);
    RpcServer server =
        track(
            RpcServer.builder(serverTransport)
                .controlExchange(exchange)
                .target(Target.topic(topic).withServer(host))
                .endpoint(manager)
                .build());
    server.start();
    return server;
  }

  private RpcClient.Builder clientBuilder() {
    return RpcClient.builder(clientTransport).controlExchange(exchange).target(Target.topic(topic));
  }

  private RpcClient client() {
    return track(clientBuilder().build());
  }

  private static void waitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting " + WAIT_SECONDS + " s for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void callReturnsTheResult() {
    startServer("host1");
    RpcClient client = client();
    assertThat(client.call(context, "echo", Map.of("text", "hello"), String.class))
        .contains("hello");
    assertThat(client.proxy(EchoApi.class).echo(context, "typed")).isEqualTo("typed");
  }

  @Test
  void contextReachesTheHandler() {
    startServer("host1");
    assertThat(client().proxy(EchoApi.class).whoAmI(context))
        .isEqualTo("tck-user/" + context.requestId().orElseThrow());
  }

  @Test
  void castReachesAServer() throws InterruptedException {
    EchoManager manager = startServer("host1");
    client().proxy(EchoApi.class).record(context, "cast");
    assertThat(manager.recordedOne.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(manager.recorded).containsExactly("cast");
  }

  @Test
  void fanoutCastReachesEveryServer() throws InterruptedException {
    List<EchoManager> servers = List.of(startServer("a"), startServer("b"), startServer("c"));
    client().proxy(EchoApi.class).recordEverywhere(context, "all");
    for (EchoManager manager : servers) {
      assertThat(manager.recordedOne.await(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("server %s got the fanout cast", manager.host)
          .isTrue();
      assertThat(manager.recorded).containsExactly("all");
    }
  }

  @Test
  void serverTargetReachesOnlyThatServer() {
    startServer("hostA");
    startServer("hostB");
    EchoApi toB = client().prepare(p -> p.server("hostB")).proxy(EchoApi.class);
    for (int i = 0; i < 10; i++) {
      assertThat(toB.host(context)).isEqualTo("hostB");
    }
  }

  @Test
  void callWithoutReplyInTimeFailsWithRpcTimeoutException() {
    EchoManager manager = startServer("host1");
    EchoApi api = client().prepare(p -> p.timeout(Duration.ofMillis(300))).proxy(EchoApi.class);
    assertThatThrownBy(() -> api.block(context, "late"))
        .isInstanceOf(RpcTimeoutException.class)
        .hasMessageContaining("block");
    manager.release.countDown();
  }

  @Test
  void heartbeatsKeepALongCallAlive() {
    startServer("host1");
    // Heartbeats come every 3 s (oslo: half the call-monitor timeout), so a heartbeat may be up
    // to 3 s late on a loaded machine before the call fails; the handler outlasts the 6 s
    // monitor timeout, so only heartbeats keep the call alive.
    EchoApi api =
        client()
            .prepare(
                p ->
                    p.callMonitorTimeout(Duration.ofSeconds(6))
                        .timeout(Duration.ofSeconds(WAIT_SECONDS)))
            .proxy(EchoApi.class);
    assertThat(api.sleepMillis(context, 8000)).isEqualTo(8000);
  }

  @Test
  void handlerExceptionInAnAllowedPackageIsRebuilt() {
    startServer("host1");
    RpcClient client =
        track(
            clientBuilder()
                .allowedRemoteExmods(List.of(TckRemoteFailure.class.getPackageName()))
                .build());
    assertThatThrownBy(() -> client.proxy(EchoApi.class).fail(context, "disk full"))
        .isExactlyInstanceOf(TckRemoteFailure.class)
        .hasMessage("disk full");
  }

  @Test
  void handlerExceptionOutsideTheAllowListIsARemoteException() {
    startServer("host1");
    assertThatThrownBy(() -> client().proxy(EchoApi.class).fail(context, "disk full"))
        .isInstanceOfSatisfying(
            RemoteException.class,
            remote -> {
              assertThat(remote.remoteClass()).isEqualTo("TckRemoteFailure");
              assertThat(remote.remoteModule()).isEqualTo(TckRemoteFailure.class.getPackageName());
              assertThat(remote.remoteMessage()).isEqualTo("disk full");
              assertThat(remote.traceback()).isNotEmpty();
            });
  }

  @Test
  void unknownMethodAndUnsupportedVersionComeBackTyped() {
    startServer("host1");
    RpcClient client = client();
    assertThatThrownBy(() -> client.call(context, "no_such", Map.of(), Object.class))
        .isInstanceOf(NoSuchMethodException.class)
        .hasMessageContaining("no_such");
    assertThatThrownBy(
            () ->
                client
                    .prepare(p -> p.version("1.3"))
                    .call(context, "echo", Map.of("text", "x"), String.class))
        .isInstanceOfSatisfying(
            UnsupportedVersionException.class,
            e -> assertThat(e.requestedVersion()).isEqualTo("1.3"));
  }

  @Test
  void argumentMistakesComeBackAsTypeErrors() {
    startServer("host1");
    assertThatThrownBy(() -> client().call(context, "echo", Map.of("txt", "x"), String.class))
        .isInstanceOfSatisfying(
            RemoteException.class,
            remote -> {
              assertThat(remote.remoteClass()).isEqualTo("TypeError");
              assertThat(remote.remoteMessage()).contains("'text'", "'txt'");
            });
  }

  @Test
  void hundredsOfConcurrentCalls() {
    startServer("host1");
    startServer("host2");
    RpcClient client = client();
    List<CompletableFuture<Optional<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      calls.add(client.callAsync(context, "echo", Map.of("text", "call-" + i), String.class));
    }
    for (int i = 0; i < calls.size(); i++) {
      assertThat(calls.get(i).join()).contains("call-" + i);
    }
  }

  @Test
  void oneMebibytePayloadGoesBothWays() {
    startServer("host1");
    StringBuilder big = new StringBuilder(1 << 20);
    while (big.length() < (1 << 20)) {
      big.append("0123456789abcdef");
    }
    String text = big.toString();
    assertThat(client().proxy(EchoApi.class).echo(context, text)).isEqualTo(text);
  }

  @Test
  void unicodeSurvivesTheRoundTrip() {
    startServer("host1");
    String text = "héllo wörld, 中文, Ελληνικά, emoji \uD83D\uDE00, \"quotes\" \\ and \n newline";
    assertThat(client().proxy(EchoApi.class).echo(context, text)).isEqualTo(text);
  }

  @Test
  void stopLetsCallsInFlightFinish() throws Exception {
    EchoManager manager = new EchoManager("host1");
    RpcServer server = startServerReturning("host1", manager);
    EchoApi api = client().proxy(EchoApi.class);
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String tag = "in-flight-" + i;
      calls.add(CompletableFuture.supplyAsync(() -> api.block(context, tag)));
    }
    waitUntil("5 calls in the handler", () -> manager.blocked.get() == 5);
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
    waitUntil("the server to stop consuming", () -> !server.running());
    manager.release.countDown();
    stopping.get(WAIT_SECONDS, TimeUnit.SECONDS);
    for (int i = 0; i < calls.size(); i++) {
      assertThat(calls.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("in-flight-" + i);
    }
    assertThat(server.statistics().inFlight()).isZero();
    assertThat(server.statistics().byMethod()).containsKey("block");
    assertThat(Objects.requireNonNull(server.statistics().byMethod().get("block")).received())
        .isEqualTo(5);
  }

  @Test
  void callToATopicNobodyServesFailsFast() {
    RpcClient client = client();
    assertThatThrownBy(
            () ->
                client
                    .prepare(p -> p.topic(topic + "-nobody"))
                    .call(context, "echo", Map.of("text", "x"), String.class))
        .isInstanceOf(MessageUndeliverableException.class)
        .hasMessageContaining(topic + "-nobody");
    startServer("host1");
    assertThatThrownBy(
            () ->
                client
                    .prepare(p -> p.server("no-such-host"))
                    .call(context, "echo", Map.of("text", "x"), String.class))
        .isInstanceOf(MessageUndeliverableException.class)
        .hasMessageContaining("no-such-host");
  }

  // The server as a raw oslo peer sees it: hand-made messages in, replies out.

  private static final MessageCodec CODEC = MessageCodec.create();

  /** A reply queue on the client transport whose replies the test reads. */
  private final class RawCaller {
    final BlockingQueue<ObjectNode> replies = new LinkedBlockingQueue<>();
    final Subscription subscription;

    RawCaller() {
      subscription =
          track(
              clientTransport.subscribe(
                  new Source.Reply(),
                  delivery -> {
                    delivery.ack();
                    replies.add(CODEC.decode(delivery.body()));
                  }));
    }

    ObjectNode request(String method, String argsJson) {
      ObjectNode message = CODEC.newMessage();
      message.put("method", method);
      message.set("args", CODEC.mapper().readTree(argsJson));
      message.put("_msg_id", UUID.randomUUID().toString().replace("-", ""));
      message.put("_reply_q", subscription.queue());
      message.putNull("_timeout");
      message.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
      return message;
    }

    void send(ObjectNode message) {
      clientTransport
          .publish(
              new Destination.Topic(exchange, topic), CODEC.encode(message), PublishOptions.DEFAULT)
          .join();
    }

    ObjectNode call(ObjectNode message) throws InterruptedException {
      send(message);
      ObjectNode reply = replies.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(reply).as("a reply to %s within %s s", message, WAIT_SECONDS).isNotNull();
      assertThat(reply.get("_msg_id").asString()).isEqualTo(message.get("_msg_id").asString());
      return reply;
    }

    /** The failure's class, or "" for a successful reply. */
    String failureClass(ObjectNode reply) {
      JsonNode failure = reply.get("failure");
      return failure.isNull()
          ? ""
          : CODEC.mapper().readTree(failure.asString()).get("class").asString();
    }
  }

  /** Issue 13 item 4: the endpoint sees exactly the context the caller sent, keys stripped once. */
  @Test
  void endpointReceivesTheContextExactlyAsSent() throws InterruptedException {
    startServer("host1");
    RawCaller caller = new RawCaller();
    ObjectNode request = caller.request("context_values", "{}");
    request.put("version", "1.2");
    ObjectNode sent =
        (ObjectNode)
            CODEC
                .mapper()
                .readTree(
                    "{\"\": \"empty key\", \"_context_x\": 1, \"roles\": \"admin\","
                        + " \"is_admin\": \"True\", \"user_id\": {\"a\": 1},"
                        + " \"nested\": [1, 2.5, null, true, {\"k\": \"v\"}]}");
    sent.forEachEntry((key, value) -> request.set(RequestContext.PREFIX + key, value));

    ObjectNode reply = caller.call(request);

    assertThat(caller.failureClass(reply)).isEmpty();
    assertThat(reply.get("result")).isEqualTo(sent);
  }

  /** Issue 13 item 5: versions and namespaces that are not strings are refused, as oslo does. */
  @Test
  void aVersionOrNamespaceThatIsNotAStringIsUnsupported() throws InterruptedException {
    startServer("host1");
    RawCaller caller = new RawCaller();
    for (String bad : List.of("13", "null", "42", "[\"x\"]", "{}", "true")) {
      ObjectNode badVersion = caller.request("echo", "{\"text\": \"x\"}");
      badVersion.set("version", CODEC.mapper().readTree(bad));
      assertThat(caller.failureClass(caller.call(badVersion)))
          .as("version %s", bad)
          .isEqualTo("UnsupportedVersion");
      if (!bad.equals("null")) {
        ObjectNode badNamespace = caller.request("echo", "{\"text\": \"x\"}");
        badNamespace.set("namespace", CODEC.mapper().readTree(bad));
        assertThat(caller.failureClass(caller.call(badNamespace)))
            .as("namespace %s", bad)
            .isEqualTo("UnsupportedVersion");
      }
    }
    ObjectNode nullNamespace = caller.request("echo", "{\"text\": \"served\"}");
    nullNamespace.putNull("namespace");
    assertThat(caller.call(nullNamespace).get("result").asString()).isEqualTo("served");
    assertThat(caller.failureClass(caller.call(caller.request("", "{}"))))
        .isEqualTo("NoSuchMethod");
  }

  /** Issue 13 item 6: a call whose reply address is unusable is handled as a cast. */
  @Test
  void aMalformedReplyAddressIsHandledAsACast() throws InterruptedException {
    EchoManager manager = startServer("host1");
    RawCaller caller = new RawCaller();
    List<JsonNode> badQueues =
        List.of(
            CODEC.mapper().readTree("\"\""),
            CODEC.mapper().readTree("\"   \""),
            CODEC.mapper().readTree("42"),
            CODEC.mapper().readTree("null"),
            CODEC.mapper().readTree("\"" + "q".repeat(300) + "\""));
    for (int i = 0; i < badQueues.size(); i++) {
      ObjectNode request = caller.request("record", "{\"tag\": \"bad-reply-" + i + "\"}");
      request.set("_reply_q", badQueues.get(i));
      request.put("_timeout", 4); // asks for heartbeats, which need the reply address too
      caller.send(request);
    }
    waitUntil("the five requests handled", () -> manager.recorded.size() == badQueues.size());
    ObjectNode reply = caller.call(caller.request("echo", "{\"text\": \"still serving\"}"));
    assertThat(reply.get("result").asString()).isEqualTo("still serving");
    assertThat(caller.replies).isEmpty();
  }

  /**
   * A transport that counts the deliveries it has handed to its subscribers and that are not yet
   * settled: what a consumer holds in the JVM beyond the handlers it runs.
   */
  private static final class CountingTransport implements Transport {
    final Transport delegate;
    final AtomicInteger unsettled = new AtomicInteger();

    CountingTransport(Transport delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Void> publish(
        Destination destination, byte[] body, PublishOptions options) {
      return delegate.publish(destination, body, options);
    }

    @Override
    public Subscription subscribe(Source source, DeliveryHandler handler) {
      return delegate.subscribe(source, counting(handler));
    }

    @Override
    public Subscription subscribe(Source source, DeliveryHandler handler, int maxUnsettled) {
      return delegate.subscribe(source, counting(handler), maxUnsettled);
    }

    private DeliveryHandler counting(DeliveryHandler handler) {
      return delivery -> {
        unsettled.incrementAndGet();
        handler.onDelivery(
            new Delivery() {
              @Override
              public byte[] body() {
                return delivery.body();
              }

              @Override
              public void ack() {
                unsettled.decrementAndGet();
                delivery.ack();
              }

              @Override
              public void reject(boolean requeue) {
                unsettled.decrementAndGet();
                delivery.reject(requeue);
              }
            });
      };
    }

    @Override
    public String describe() {
      return "counting " + delegate.describe();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /**
   * Issue 13 item 2: a flood of casts to a slow server is not buffered in the server's JVM; what it
   * cannot handle stays in its queue (back-pressure), and every cast is handled in the end.
   */
  @Test
  void aFloodOfCastsToASlowServerKeepsWhatTheServerHoldsBounded() throws InterruptedException {
    int capacity = 4;
    int casts = 2_000;
    EchoManager manager = new EchoManager("host1");
    managers.add(manager);
    CountingTransport counting = new CountingTransport(track(openTransport()));
    RpcServer server =
        track(
            RpcServer.builder(counting)
                .controlExchange(exchange)
                .target(Target.topic(topic).withServer("host1"))
                .endpoint(manager)
                .executorThreadPoolSize(capacity)
                .build());
    server.start();
    RpcClient client = client();
    for (int i = 0; i < casts; i++) {
      client.cast(context, "block", Map.of("tag", "flood-" + i));
    }
    waitUntil("the handlers busy", () -> manager.blocked.get() == capacity);
    int mostHeld = 0;
    for (int i = 0; i < 100; i++) {
      mostHeld =
          Math.max(mostHeld, counting.unsettled.get() + (int) server.statistics().inFlight());
      Thread.sleep(10);
    }
    // The running handlers, plus at most one prefetch of unacked deliveries per queue (3 queues).
    assertThat(mostHeld).isLessThanOrEqualTo(capacity + 3 * capacity);
    assertThat(manager.blocked.get()).isEqualTo(capacity);
    manager.release.countDown();
    waitUntil("every cast handled", () -> manager.blocked.get() == casts);
  }

  /**
   * Issue 13 item 1: a cast no queue takes was confirmed and dropped; it fails now, so the caller
   * can send it again, and a confirmed cast means a queued one.
   */
  @Test
  void castToATopicNobodyServesFailsAndCanBeSentAgain() throws InterruptedException {
    RpcClient client = client();
    assertThatThrownBy(
            () -> client.prepare(p -> p.topic(topic + "-nobody")).cast(context, "record", Map.of()))
        .isInstanceOf(MessageUndeliverableException.class)
        .hasMessageContaining(topic + "-nobody")
        .hasMessageContaining("not delivered");
    assertThatThrownBy(
            () ->
                client
                    .prepare(p -> p.topic(topic + "-nobody"))
                    .castAsync(context, "record", Map.of("text", "x"))
                    .join())
        .hasCauseInstanceOf(MessageUndeliverableException.class);
    EchoManager manager = startServer("host1");
    client.proxy(EchoApi.class).record(context, "again");
    assertThat(manager.recordedOne.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(manager.recorded).containsExactly("again");
  }
}
