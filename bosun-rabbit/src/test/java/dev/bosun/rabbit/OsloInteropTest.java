package dev.bosun.rabbit;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bosun.context.RequestContext;
import dev.bosun.notify.Notification;
import dev.bosun.notify.NotificationEndpoint;
import dev.bosun.notify.NotificationListener;
import dev.bosun.notify.NotificationResult;
import dev.bosun.notify.Notifier;
import dev.bosun.rpc.NoSuchMethodException;
import dev.bosun.rpc.RemoteException;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.Target;
import dev.bosun.tck.OsloInterop;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bosun on RabbitMQ against real oslo.messaging 14.0.3 peers (shared/interop): a Bosun RPC server
 * under the Python client suite, a Bosun RPC client against the Python server, and notifications
 * both ways.
 */
class OsloInteropTest {
  private Path scripts;
  private RawBroker raw;
  private RabbitTransport transport;
  private String topic;

  @BeforeEach
  void setUp() throws Exception {
    scripts = OsloInterop.assumeAvailable();
    raw = new RawBroker();
    transport =
        RabbitTransport.builder()
            .broker(RabbitBroker.guest("127.0.0.1", 5672))
            .connectionName("bosun-interop-test")
            .build();
    topic = RawBroker.unique("interop");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (transport != null) {
      transport.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  @Test
  void thePythonClientSuitePassesAgainstABosunServer() throws Exception {
    raw.queue(topic).queue(topic + ".jhost").exchange(topic + "_fanout");
    RpcServer server =
        RpcServer.builder(transport)
            .target(Target.topic(topic).withServer("jhost"))
            .endpoint(new InteropEndpoint(), "", "1.3")
            .endpoint(new InteropEndpoint.Namespaced(), "interop_ns", "2.1")
            .build();
    server.start();
    try (OsloPeers.Peer suite =
        new OsloPeers.Peer(
            scripts,
            "py_rpc_client.py",
            "--suite",
            "--topic",
            topic,
            "--server",
            "jhost",
            "--server-version",
            "1.3")) {
      suite.assertPasses(240);
    } finally {
      server.stop();
    }
  }

  /**
   * Issue 13 item 8: a Python deployment compressing with bz2 calls a Bosun server that compresses
   * its replies with bz2 too: the whole client suite, both directions compressed. The Python side
   * says {@code bzip2}: kombu 5.2.4 does not know oslo's documented {@code bz2} and fails to
   * publish.
   */
  @Test
  void thePythonClientSuiteWithBz2CompressionPassesAgainstABosunServer() throws Exception {
    raw.queue(topic).queue(topic + ".jhost").exchange(topic + "_fanout");
    RabbitTransport bz2 =
        RabbitTransport.builder()
            .broker(RabbitBroker.guest("127.0.0.1", 5672))
            .connectionName("bosun-interop-bz2-test")
            .options(RabbitOptions.builder().kombuCompression("bz2").build())
            .build();
    RpcServer server =
        RpcServer.builder(bz2)
            .target(Target.topic(topic).withServer("jhost"))
            .endpoint(new InteropEndpoint(), "", "1.3")
            .endpoint(new InteropEndpoint.Namespaced(), "interop_ns", "2.1")
            .build();
    server.start();
    try (OsloPeers.Peer suite =
        new OsloPeers.Peer(
            scripts,
            "py_rpc_client.py",
            "--suite",
            "--topic",
            topic,
            "--server",
            "jhost",
            "--server-version",
            "1.3",
            "--rabbit-opt",
            "kombu_compression=bzip2")) {
      suite.assertPasses(240);
    } finally {
      server.stop();
      bz2.close();
    }
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"}) // the call returns Optional<Map>, raw as Map.class
  void aBosunClientCallsAndCastsAPythonServer() throws Exception {
    raw.queue(topic).queue(topic + ".pyhost").exchange(topic + "_fanout");
    try (OsloPeers.Peer py =
            new OsloPeers.Peer(
                scripts,
                "py_rpc_server.py",
                "--topic",
                topic,
                "--server",
                "pyhost",
                "--expect",
                "echo:1",
                "--expect",
                "record:3",
                "--timeout",
                "120");
        RpcClient client =
            RpcClient.builder(transport).target(Target.topic(topic).withVersion("1.3")).build()) {
      await().atMost(60, SECONDS).until(() -> py.printed("READY"));
      RequestContext ctx = RequestContext.builder().userId("u-bosun").projectId("p-1").build();
      RpcClient pyhost = client.prepare(p -> p.server("pyhost"));

      assertThat(pyhost.call(ctx, "echo", Map.of("a", 1, "s", "h\u00e9llo \u2603"), Object.class))
          .contains(Map.of("a", 1, "s", "h\u00e9llo \u2603"));
      assertThat(pyhost.call(ctx, "add", Map.of("a", 2, "b", 3), Long.class)).contains(5L);
      assertThat(pyhost.call(ctx, "echo_context", Map.of(), Map.class).orElseThrow())
          .containsEntry("user_id", "u-bosun")
          .containsEntry("project_id", "p-1");
      assertThatThrownBy(
              () -> pyhost.call(ctx, "raise_value_error", Map.of("message", "bad"), Object.class))
          .isInstanceOfSatisfying(
              RemoteException.class,
              e -> {
                assertThat(e.remoteClass()).isEqualTo("ValueError");
                assertThat(e.remoteModule()).isEqualTo("builtins");
                assertThat(e.remoteMessage()).isEqualTo("bad");
              });
      assertThatThrownBy(() -> pyhost.call(ctx, "no_such_method", Map.of(), Object.class))
          .isInstanceOf(NoSuchMethodException.class);

      client.cast(ctx, "record", Map.of("tag", "topic"));
      pyhost.cast(ctx, "record", Map.of("tag", "server"));
      client.prepare(p -> p.fanout(true)).cast(ctx, "record", Map.of("tag", "fanout"));
      py.assertPasses(60);
      assertThat(py.output()).contains("\"topic\"", "\"server\"", "\"fanout\"");
    }
  }

  @Test
  void aBosunNotifierReachesAPythonListener() throws Exception {
    raw.queue(topic + ".info");
    try (OsloPeers.Peer py =
        new OsloPeers.Peer(
            scripts,
            "py_notify_listen.py",
            "--topic",
            topic,
            "--priorities",
            "info",
            "--expect-count",
            "3",
            "--expect-event-type",
            "compute.instance.create.end",
            "--expect-publisher-id",
            "compute.jhost",
            "--timeout",
            "90")) {
      await().atMost(60, SECONDS).until(() -> py.printed("READY"));
      RequestContext ctx = RequestContext.builder().userId("u1").projectId("p1").build();
      for (String driver : List.of("messagingv2", "messagingv2", "messaging")) {
        Notifier notifier =
            Notifier.builder(transport)
                .publisherId("compute.jhost")
                .drivers(List.of(driver))
                .topics(List.of(topic))
                .build();
        notifier
            .info(ctx, "compute.instance.create.end", Map.of("instance_id", "abc"))
            .get(10, SECONDS);
      }
      py.assertPasses(60);
    }
  }

  @Test
  void aPythonNotifierReachesABosunListener() throws Exception {
    raw.queue(topic + ".info").queue(topic + ".error");
    BlockingQueue<Notification> got = new LinkedBlockingQueue<>();
    NotificationListener listener =
        NotificationListener.builder(transport)
            .target("openstack", topic)
            .endpoint(
                new NotificationEndpoint() {
                  @Override
                  public NotificationResult info(Notification n) {
                    got.add(n);
                    return NotificationResult.HANDLED;
                  }

                  @Override
                  public NotificationResult error(Notification n) {
                    got.add(n);
                    return NotificationResult.HANDLED;
                  }
                })
            .build();
    listener.start();
    try {
      try (OsloPeers.Peer v2 =
          new OsloPeers.Peer(
              scripts,
              "py_notify_send.py",
              "--topic",
              topic,
              "--priority",
              "info",
              "--count",
              "2",
              "--event-type",
              "volume.create.end",
              "--publisher-id",
              "volume.pyhost",
              "--payload",
              "{\"size\": 10}")) {
        v2.assertExits(60);
      }
      try (OsloPeers.Peer v1 =
          new OsloPeers.Peer(
              scripts,
              "py_notify_send.py",
              "--topic",
              topic,
              "--priority",
              "error",
              "--driver",
              "messaging",
              "--event-type",
              "volume.delete.error")) {
        v1.assertExits(60);
      }
      List<Notification> received = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Notification n = got.poll(30, SECONDS);
        assertThat(n).as("notification %s of 3", i + 1).isNotNull();
        received.add(n);
      }
      assertThat(received)
          .extracting(Notification::eventType)
          .containsExactlyInAnyOrder(
              "volume.create.end", "volume.create.end", "volume.delete.error");
      Notification info =
          received.stream()
              .filter(n -> n.eventType().equals("volume.create.end"))
              .findFirst()
              .orElseThrow();
      assertThat(info.publisherId()).isEqualTo("volume.pyhost");
      assertThat(info.payload().get("size").asInt()).isEqualTo(10);
      assertThat(info.context().userId()).contains("u1");
    } finally {
      listener.stop();
    }
  }
}
