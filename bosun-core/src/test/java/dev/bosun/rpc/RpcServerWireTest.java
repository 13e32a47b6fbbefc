package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The server as a Python caller sees it: raw oslo messages in, raw replies out. */
class RpcServerWireTest {
  private static final MessageCodec CODEC = MessageCodec.create();

  public static class Endpoint {
    final AtomicInteger records = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    @Rpc
    public int add(int a, int b) {
      return a + b;
    }

    @Rpc
    public void record() {
      records.incrementAndGet();
    }

    @Rpc
    public String echoUser(RequestContext context) {
      return context.userId().orElse("none");
    }

    @Rpc
    public String slow() throws InterruptedException {
      release.await(60, TimeUnit.SECONDS);
      return "done";
    }
  }

  private Transport transport;
  private RpcServer server;
  private final Endpoint endpoint = new Endpoint();
  private Subscription replySubscription;
  private final BlockingQueue<ObjectNode> replies = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    transport = Transports.open(TransportUrl.parse("memory://wire-" + UUID.randomUUID()));
    server =
        RpcServer.builder(transport)
            .target(Target.topic("capt").withServer("host1"))
            .endpoint(endpoint, "", "1.3")
            .build();
    server.start();
    replySubscription =
        transport.subscribe(
            new Source.Reply(),
            delivery -> {
              delivery.ack();
              replies.add(CODEC.decode(delivery.body()));
            });
  }

  @AfterEach
  void stop() {
    endpoint.release.countDown();
    replySubscription.close();
    server.stop();
    transport.close();
  }

  private ObjectNode call(String method, String argsJson) {
    ObjectNode message = CODEC.newMessage();
    message.put("method", method);
    message.set("args", CODEC.mapper().readTree(argsJson));
    message.put("_msg_id", UUID.randomUUID().toString().replace("-", ""));
    message.put("_reply_q", replySubscription.queue());
    message.putNull("_timeout");
    message.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
    return message;
  }

  private void publish(ObjectNode message, String routingKey) {
    transport
        .publish(
            new Destination.Topic("openstack", routingKey),
            CODEC.encode(message),
            PublishOptions.DEFAULT)
        .join();
  }

  private ObjectNode nextReply() throws InterruptedException {
    ObjectNode reply = replies.poll(30, TimeUnit.SECONDS);
    assertThat(reply).as("a reply within 30 s").isNotNull();
    return reply;
  }

  @Test
  void successReplyCarriesResultNullFailureEndingAndIds() throws Exception {
    ObjectNode request = call("add", "{\"a\": 2, \"b\": 3}");
    request.put("version", "1.3");
    publish(request, "capt.host1");
    ObjectNode reply = nextReply();
    assertThat(reply.get("result").asInt()).isEqualTo(5);
    assertThat(reply.has("failure")).isTrue();
    assertThat(reply.get("failure").isNull()).isTrue();
    assertThat(reply.get("ending").asBoolean()).isTrue();
    assertThat(reply.get("_msg_id").asString()).isEqualTo(request.get("_msg_id").asString());
    assertThat(reply.get("_unique_id").asString()).hasSize(32);
  }

  @Test
  void failureIsAJsonStringWithOsloFields() throws Exception {
    ObjectNode request = call("no_such", "{}");
    publish(request, "capt");
    ObjectNode reply = nextReply();
    assertThat(reply.get("result").isNull()).isTrue();
    assertThat(reply.get("ending").asBoolean()).isTrue();
    assertThat(reply.get("failure").isString()).isTrue();
    JsonNode failure = CODEC.mapper().readTree(reply.get("failure").asString());
    assertThat(failure.get("class").asString()).isEqualTo("NoSuchMethod");
    assertThat(failure.get("module").asString()).isEqualTo("oslo_messaging.rpc.dispatcher");
    assertThat(failure.get("message").asString())
        .isEqualTo("Endpoint does not support RPC method no_such");
    assertThat(failure.has("tb")).isTrue();
    assertThat(failure.get("args").get(0).asString())
        .isEqualTo("Endpoint does not support RPC method no_such");
  }

  @Test
  void contextTravelsAsContextKeys() throws Exception {
    ObjectNode request = call("echo_user", "{}");
    request.put("_context_user_id", "u1");
    request.put("_context_request_id", "req-42");
    publish(request, "capt");
    assertThat(nextReply().get("result").asString()).isEqualTo("u1");
  }

  @Test
  void requestWithoutArgsIsServedAsEmptyArgsAndBareFormatIsAccepted() throws Exception {
    ObjectNode request = call("echo_user", "{}");
    request.remove("args");
    transport
        .publish(
            new Destination.Topic("openstack", "capt"),
            CODEC.encodeBare(request),
            PublishOptions.DEFAULT)
        .join();
    assertThat(nextReply().get("result").asString()).isEqualTo("none");
  }

  @Test
  void duplicateUniqueIdIsDroppedEvenWithAnotherMsgId() throws Exception {
    ObjectNode first = call("add", "{\"a\": 1, \"b\": 1}");
    ObjectNode second = call("add", "{\"a\": 2, \"b\": 2}");
    second.put("_unique_id", first.get("_unique_id").asString());
    ObjectNode third = call("add", "{\"a\": 3, \"b\": 3}");
    publish(first, "capt.host1");
    publish(second, "capt.host1");
    publish(third, "capt.host1");
    // requests are handled concurrently, so the two replies may come in either order
    assertThat(List.of(nextReply().get("result").asInt(), nextReply().get("result").asInt()))
        .containsExactlyInAnyOrder(2, 6);
    // the duplicate is dropped on a handler thread, which may come after the third one's reply
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.statistics().duplicatesDropped() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(server.statistics().duplicatesDropped()).isEqualTo(1);
  }

  @Test
  void duplicateWindowIsBounded() throws Exception {
    ObjectNode first = call("add", "{\"a\": 1, \"b\": 1}");
    publish(first, "capt.host1");
    nextReply();
    for (int i = 0; i < DuplicateFilter.OSLO_CAPACITY; i++) {
      publish(call("add", "{\"a\": 0, \"b\": 0}"), "capt.host1");
      nextReply();
    }
    first.put("_msg_id", "again");
    publish(first, "capt.host1");
    assertThat(nextReply().get("_msg_id").asString()).isEqualTo("again");
  }

  /** Issue 13 item 2: hostile method names do not grow the per-method statistics. */
  @Test
  void unknownMethodNamesShareOneStatisticsEntry() throws Exception {
    for (int i = 0; i < 50; i++) {
      publish(call("no_such_" + i, "{}"), "capt");
      nextReply();
    }
    publish(call("add", "{\"a\": 1, \"b\": 1}"), "capt");
    nextReply();
    assertThat(server.statistics().byMethod()).containsOnlyKeys("add", "(unknown methods)");
    assertThat(server.statistics().byMethod().get("(unknown methods)").received()).isEqualTo(50);
  }

  @Test
  void castGetsNoReplyButRuns() throws Exception {
    ObjectNode cast = CODEC.newMessage();
    cast.put("method", "record");
    cast.putObject("args");
    cast.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
    publish(cast, "capt");
    ObjectNode request = call("add", "{\"a\": 1, \"b\": 2}");
    publish(request, "capt");
    assertThat(nextReply().get("result").asInt()).isEqualTo(3);
    assertThat(replies).isEmpty();
  }

  @Test
  void malformedMessagesAreDroppedAndTheServerKeepsServing() throws Exception {
    Destination topic = new Destination.Topic("openstack", "capt.host1");
    transport
        .publish(topic, "not json".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT)
        .join();
    transport
        .publish(topic, "[1, 2]".getBytes(StandardCharsets.UTF_8), PublishOptions.DEFAULT)
        .join();
    transport
        .publish(
            topic,
            "{\"oslo.version\": \"2.1\", \"oslo.message\": \"{}\"}"
                .getBytes(StandardCharsets.UTF_8),
            PublishOptions.DEFAULT)
        .join();
    ObjectNode noMethod = call("add", "{}");
    noMethod.remove("method");
    publish(noMethod, "capt.host1");
    ObjectNode methodNotString = call("add", "{}");
    methodNotString.put("method", 42);
    publish(methodNotString, "capt.host1");
    ObjectNode badContext = call("echo_user", "{}");
    badContext.putObject("_context_user_id");
    publish(badContext, "capt.host1");
    List<ObjectNode> answers = List.of(nextReply(), nextReply(), nextReply());
    assertThat(answers).filteredOn(reply -> reply.get("failure").isString()).hasSize(2);
    // A context value of an unexpected type is served, as oslo serves it (issue 13 item 4).
    assertThat(answers)
        .filteredOn(reply -> reply.get("failure").isNull())
        .singleElement()
        .satisfies(reply -> assertThat(reply.get("result").asString()).isEqualTo("none"));
    publish(call("add", "{\"a\": 20, \"b\": 22}"), "capt.host1");
    assertThat(nextReply().get("result").asInt()).isEqualTo(42);
    assertThat(server.statistics().malformedDropped()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void callMonitorTimeoutGetsHeartbeatsUntilTheFinalReply() throws Exception {
    ObjectNode request = call("slow", "{}");
    request.put("_timeout", 2.9);
    publish(request, "capt");
    ObjectNode heartbeat = nextReply();
    assertThat(heartbeat.get("ending").asBoolean()).isFalse();
    assertThat(heartbeat.get("result").isNull()).isTrue();
    assertThat(heartbeat.get("failure").isNull()).isTrue();
    assertThat(heartbeat.get("_msg_id").asString()).isEqualTo(request.get("_msg_id").asString());
    endpoint.release.countDown();
    ObjectNode last;
    do {
      last = nextReply();
    } while (!last.get("ending").asBoolean());
    assertThat(last.get("result").asString()).isEqualTo("done");
  }

  @Test
  void stoppedServerCannotRestartAndStopIsIdempotent() {
    server.start();
    server.stop();
    server.stop();
    assertThat(server.running()).isFalse();
    org.assertj.core.api.Assertions.assertThatThrownBy(server::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be started again");
  }
}
