package dev.bosun.cli;

import static dev.bosun.cli.BosunProcess.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.bosun.context.RequestContext;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.Target;
import dev.bosun.tck.ExternalServices;
import dev.bosun.tck.OsloInterop;
import dev.bosun.tck.PostgresSchemas;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bosun run demo} as a real process on the distributed shape: {@code rabbit://} on
 * 127.0.0.1:5672 and the services table in PostgreSQL (a fresh schema, migrated with {@code bosun
 * db sync}). It behaves as on the embedded shape, and answers RPC from a Bosun client and from real
 * oslo.messaging. Each test has its own control exchange and host, and deletes the broker entities
 * the service leaves behind ({@code demo}, {@code demo.HOST}, {@code demo_fanout}, the exchange)
 * and the schema.
 */
class RunDistributedTest {
  private static final String RABBIT_URL = "rabbit://guest:guest@127.0.0.1:5672/";
  private static final String BINARY = "bosun-demo";

  /** oslo leaves its reply queue to expire (default 30 min): make that a minute. */
  private static final String SHORT_REPLY_QUEUE_TTL = "rabbit_transient_queues_ttl=60";

  @TempDir Path dir;
  private String suffix;
  private String exchange;
  private String host;
  private String databaseUrl;
  private BosunProcess service;

  @BeforeEach
  void setUp() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    databaseUrl = PostgresSchemas.create();
    suffix = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    exchange = "bosuntest_e2e_" + suffix;
    host = "e2e-" + suffix;
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      if (service != null) {
        service.close();
      }
      if (exchange != null) {
        deleteBrokerLeftovers();
      }
    } finally {
      if (databaseUrl != null) {
        PostgresSchemas.drop(databaseUrl);
      }
    }
  }

  @Test
  void aServiceOnRabbitAndPostgresqlIsListedUpAnswersBosunRpcAndGoesDownAfterItStops()
      throws Exception {
    startService();

    awaitState("up");
    Map<String, Object> row = Services.row(host, BINARY, db()).orElseThrow();
    assertThat(row)
        .containsEntry("topic", "demo")
        .containsEntry("status", "enabled")
        .containsEntry("forced_down", false);

    try (Transport transport = Transports.open(TransportUrl.parse(RABBIT_URL));
        RpcClient client =
            RpcClient.builder(transport)
                .target(Target.topic("demo"))
                .controlExchange(exchange)
                .timeout(Duration.ofSeconds(60))
                .build()) {
      RpcClient onHost = client.prepare(p -> p.server(host));
      Map<String, Long> status = onHost.proxy(DemoApi.class).status();
      assertThat(status).containsOnlyKeys("fast_tick", "slow_sweep", "flaky_probe");

      @SuppressWarnings("rawtypes") // call(..., Map.class) can only give a raw Map
      Optional<Map> pong =
          onHost
              .prepare(p -> p.namespace("baseapi").version("1.1"))
              .call(RequestContext.create(), "ping", Map.of("arg", "x"), Map.class);
      assertThat(pong).contains(Map.of("service", "demo", "arg", "x"));
    }

    service.signal("TERM");
    assertThat(service.awaitExit()).as(service.toString()).isZero();
    assertThat(service.log()).contains("Stopped demo@" + host).contains("All services stopped");

    assertThat(Services.state(host, BINARY, db()))
        .as("just stopped: up until service_down_time (60 s) has passed")
        .isEqualTo("up");
    awaitState("down", "--report-interval", "1s", "--service-down-time", "2s");
  }

  @Test
  void theRealOsloMessagingClientPingsTheService() throws Exception {
    Path scripts = OsloInterop.assumeAvailable();
    startService();

    OsloClient.Result ping =
        OsloClient.run(
            scripts,
            WAIT.toSeconds(),
            "--url",
            RABBIT_URL,
            "--rabbit-opt",
            SHORT_REPLY_QUEUE_TTL,
            "--topic",
            "demo",
            "--server",
            host,
            "--exchange",
            exchange,
            "--method",
            "ping",
            "--namespace",
            "baseapi",
            "--version",
            "1.1",
            "--args",
            "{\"arg\": \"x\"}",
            "--expect",
            "{\"service\": \"demo\", \"arg\": \"x\"}",
            "--timeout",
            "60");
    assertThat(ping.passed()).as("py_rpc_client.py ping; its output:%n%s", ping.output()).isTrue();
    assertThat(ping.output()).contains("RESULT {\"arg\": \"x\", \"service\": \"demo\"}");

    OsloClient.Result status =
        OsloClient.run(
            scripts,
            WAIT.toSeconds(),
            "--url",
            RABBIT_URL,
            "--rabbit-opt",
            SHORT_REPLY_QUEUE_TTL,
            "--topic",
            "demo",
            "--server",
            host,
            "--exchange",
            exchange,
            "--method",
            "status",
            "--version",
            "1.0",
            "--timeout",
            "60");
    assertThat(status.passed())
        .as("py_rpc_client.py status; its output:%n%s", status.output())
        .isTrue();
    assertThat(status.output()).contains("\"fast_tick\"").contains("\"flaky_probe\"");

    service.signal("TERM");
    assertThat(service.awaitExit()).as(service.toString()).isZero();
  }

  private void startService() throws Exception {
    Cli sync = Cli.run("db", "sync", "--database-connection", databaseUrl);
    assertThat(sync.exitCode()).as(sync.toString()).isZero();

    service =
        BosunProcess.start(
            "run",
            "demo",
            "--transport-url",
            RABBIT_URL,
            "--control-exchange",
            exchange,
            "--database-connection",
            databaseUrl,
            "--report-interval",
            "1s",
            "--periodic-fuzzy-delay",
            "0",
            "--host",
            host,
            "--state-path",
            dir.resolve("state").toString());
    service.awaitRunning();
  }

  private String[] db(String... more) {
    String[] args = new String[2 + more.length];
    args[0] = "--database-connection";
    args[1] = databaseUrl;
    System.arraycopy(more, 0, args, 2, more.length);
    return args;
  }

  private void awaitState(String state, String... listArgs) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> assertThat(Services.state(host, BINARY, db(listArgs))).isEqualTo(state));
  }

  /**
   * The service deletes its own fanout and reply queues on a clean stop; the topic queues, the
   * fanout exchange and the control exchange stay, as with oslo. {@code demo} and {@code
   * demo_fanout} are shared by name with any other demo on this broker: deleted only when unused.
   */
  private void deleteBrokerLeftovers() throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    factory.setAutomaticRecoveryEnabled(false);
    try (Connection connection = factory.newConnection("bosun-cli-e2e-cleanup")) {
      quietly(connection, channel -> channel.queueDelete("demo." + host));
      quietly(connection, channel -> channel.queueDelete("demo", true, false));
      quietly(connection, channel -> channel.exchangeDelete("demo_fanout", true));
      quietly(connection, channel -> channel.exchangeDelete(exchange));
    }
  }

  @FunctionalInterface
  private interface ChannelAction {
    void run(Channel channel) throws IOException;
  }

  /** On a channel of its own: a refused delete (in use) closes only that channel. */
  private static void quietly(Connection connection, ChannelAction action) throws IOException {
    Channel channel = connection.createChannel();
    try {
      action.run(channel);
    } catch (IOException refused) {
      return; // in use by someone else, or gone: leave it
    }
    try {
      channel.close();
    } catch (TimeoutException | IOException ignored) {
      // closing a channel we are done with
    }
  }
}
