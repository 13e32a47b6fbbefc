package dev.bosun.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.cli.Main;
import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.notify.Notification;
import dev.bosun.notify.NotificationEndpoint;
import dev.bosun.notify.NotificationListener;
import dev.bosun.notify.NotificationResult;
import dev.bosun.rabbit.RabbitOptionProvider;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.Target;
import dev.bosun.service.ServiceOptions;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * At least {@value #DEFAULT_INPUTS} generated hostile inputs against each of: the RPC server on
 * both transports, the notification listener, the config file parser, the command line and the
 * transport URL parser, from a seeded {@link Random} ({@code -Dfaults.seed}, default {@value
 * #DEFAULT_SEED}; {@code -Dfaults.fuzzInputs} for more). Each input must be rejected or answered:
 * no exception escapes where none is documented, nothing hangs (a good request is answered after
 * every thousand), no thread dies of an uncaught exception, and the thread count does not grow with
 * the inputs.
 *
 * <p>A seeded generator of our own rather than jqwik: the inputs are structured mutations of oslo
 * envelopes and INI files that a hand-written generator states plainly, and it needs no second test
 * engine beside JUnit 6.
 */
class FuzzFaultTest {
  static final int DEFAULT_INPUTS = 10_000;
  static final long DEFAULT_SEED = 13;
  static final int INPUTS = Integer.getInteger("faults.fuzzInputs", DEFAULT_INPUTS);
  static final long SEED = Long.getLong("faults.seed", DEFAULT_SEED);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final AtomicInteger UNCAUGHT = new AtomicInteger();
  private static final Set<String> UNCAUGHT_KINDS = ConcurrentHashMap.newKeySet();
  private static Thread.UncaughtExceptionHandler previous;

  @BeforeAll
  static void countUncaughtExceptions() {
    previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) -> {
          UNCAUGHT.incrementAndGet();
          UNCAUGHT_KINDS.add(t.getName().replaceAll("[0-9]+", "N") + ": " + e);
        });
  }

  @AfterAll
  static void restore() {
    Thread.setDefaultUncaughtExceptionHandler(previous);
  }

  @Test
  void rpcServerOnTheMemoryTransport() throws Exception {
    String bus = "memory://fuzz-" + System.nanoTime();
    fuzzRpcServer(
        "Fuzz: RPC server, memory", () -> Transports.open(TransportUrl.parse(bus)), "openstack");
  }

  @Test
  void rpcServerOnRabbitMq() throws Exception {
    Servers.deleteQueues("faultsink", "faultsink.fuzz1");
    try {
      fuzzRpcServer(
          "Fuzz: RPC server, RabbitMQ", () -> Servers.rabbitTransport(false), "openstack");
    } finally {
      Servers.deleteQueues("faultsink", "faultsink.fuzz1");
    }
  }

  private void fuzzRpcServer(String s, Supplier<Transport> transports, String exchange)
      throws Exception {
    Random r = new Random(SEED);
    int uncaughtBefore = UNCAUGHT.get();
    try (Transport serverTransport = transports.get();
        Transport clientTransport = transports.get();
        RpcServer server =
            RpcServer.builder(serverTransport)
                .target(Target.topic("faultsink").withServer("fuzz1"))
                .endpoint(new Sink())
                .build();
        RpcClient client =
            RpcClient.builder(clientTransport)
                .target(Target.topic("faultsink"))
                .timeout(Duration.ofSeconds(30))
                .build()) {
      server.start();
      SinkApi good = client.proxy(SinkApi.class);
      good.counts();
      Set<String> replies = ConcurrentHashMap.newKeySet();
      Subscription replyQueue =
          clientTransport.subscribe(
              new Source.Reply(),
              d -> {
                try {
                  String envelope = new String(d.body(), StandardCharsets.UTF_8);
                  String inner = JSON.readTree(envelope).path("oslo.message").asString();
                  replies.add(JSON.readTree(inner).path("_msg_id").asString());
                } catch (RuntimeException e) {
                  // not ours to judge: counted as missing below
                }
                d.ack();
              });
      Map<String, String> expected = new ConcurrentHashMap<>();
      @SuppressWarnings("UnnecessaryAsync") // kept as the other counters of this test
      AtomicInteger refusedAtPublish = new AtomicInteger();
      int threadsAtHalf = 0;
      List<String> goodCallFailures = new ArrayList<>();
      Destination topic = new Destination.Topic(exchange, "faultsink");
      List<java.util.concurrent.CompletableFuture<Void>> inFlight = new ArrayList<>();
      for (int i = 0; i < INPUTS; i++) {
        byte[] body = hostileRequest(r, replyQueue.queue(), expected);
        inFlight.add(clientTransport.publish(topic, body, PublishOptions.DEFAULT));
        if (i % 1_000 == 999 || i == INPUTS - 1) {
          for (java.util.concurrent.CompletableFuture<Void> sent : inFlight) {
            try {
              sent.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
              refusedAtPublish.incrementAndGet();
            }
          }
          inFlight.clear();
          try {
            good.counts(); // answered: nothing hangs the server
          } catch (RuntimeException e) {
            goodCallFailures.add("after input " + i + ": " + e);
          }
        }
        if (i == INPUTS / 2) {
          threadsAtHalf = Thread.activeCount();
        }
      }
      // replies come until every expected one is in, or none came for 5 s (rejected requests)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long quietSince = System.nanoTime();
      int seen = -1;
      while (!replies.containsAll(expected.keySet())
          && System.nanoTime() < deadline
          && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(5)) {
        if (replies.size() != seen) {
          seen = replies.size();
          quietSince = System.nanoTime();
        }
        Thread.sleep(200);
      }
      Set<String> missing = new java.util.HashSet<>(expected.keySet());
      missing.removeAll(replies);
      Map<String, Long> unansweredBy = new java.util.TreeMap<>();
      for (String id : missing) {
        for (String what : expected.get(id).split(" ", 2)[1].split(", ", -1)) {
          unansweredBy.merge(what, 1L, Long::sum);
        }
      }
      String top =
          unansweredBy.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(6)
              .map(e -> e.getKey() + " " + e.getValue())
              .collect(java.util.stream.Collectors.joining(", "));
      good.counts();
      int threadGrowth = Thread.activeCount() - threadsAtHalf;
      int uncaught = UNCAUGHT.get() - uncaughtBefore;
      FaultReport.add(s, "inputs (seed " + SEED + ")", INPUTS, ">= 10000");
      FaultReport.add(s, "refused by the transport", refusedAtPublish.get(), "-");
      FaultReport.add(
          s,
          "calls with a valid reply address answered",
          (expected.size() - missing.size()) + " / " + expected.size(),
          "- (a request may be rejected with a log line instead)");
      if (!missing.isEmpty()) {
        FaultReport.add(s, "mutations most common among unanswered calls", top, "-");
      }
      FaultReport.check(
          s,
          "good calls failing between inputs",
          goodCallFailures.size(),
          "0",
          goodCallFailures.isEmpty());
      FaultReport.check(s, "uncaught exceptions", uncaught + kinds(), "0", uncaught == 0);
      FaultReport.check(
          s, "thread growth over the second half", threadGrowth, "<= 5", threadGrowth <= 5);
      replyQueue.close();
      assertThat(goodCallFailures).isEmpty();
      assertThat(uncaught).as("uncaught exceptions: %s", UNCAUGHT_KINDS).isZero();
      assertThat(threadGrowth).isLessThanOrEqualTo(5);
    }
  }

  /**
   * An oslo request, often valid, mostly mutated: bytes that are not JSON, envelopes of the wrong
   * shape, fields of the wrong type or value (method, args, version, namespace, _msg_id, _reply_q,
   * _unique_id, _timeout, _context_*), deep nesting. When the request carries a string _msg_id and
   * our reply queue as _reply_q in a well-formed envelope, its _msg_id goes into {@code
   * expectReply}: the server must answer it, with a result or a failure.
   */
  static byte[] hostileRequest(Random r, String replyQueue, Map<String, String> expectReply) {
    int shape = r.nextInt(20);
    if (shape == 0) {
      return Hostile.bytes(r, r.nextInt(300));
    }
    if (shape == 1) {
      return Hostile.string(r).getBytes(StandardCharsets.UTF_8);
    }
    ObjectNode m = NODES.objectNode();
    String[] methods = {
      "tally", "counts", "received", "no_such_method", "", "__init__", "heap_after_gc"
    };
    m.put("method", methods[r.nextInt(methods.length)]);
    ObjectNode args = m.putObject("args");
    args.put("id", r.nextInt());
    m.put("version", "1.0");
    String msgId = UUID.randomUUID().toString().replace("-", "");
    boolean call = r.nextBoolean();
    if (call) {
      m.put("_msg_id", msgId);
      m.put("_reply_q", replyQueue);
    }
    m.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
    m.put("_context_user_id", "fuzz");
    int mutations = 1 + r.nextInt(3);
    List<String> done = new ArrayList<>();
    for (int k = 0; k < mutations; k++) {
      done.add(mutate(r, m));
    }
    if (m.path("method").isString() && m.path("method").asString().equals("sleep_millis")) {
      m.put("method", "counts"); // never ask the server to sleep for a fuzzed time
    }
    ObjectNode envelope = NODES.objectNode();
    envelope.put("oslo.version", "2.0");
    envelope.put("oslo.message", withDeepNesting(JSON.writeValueAsString(m)));
    boolean wellFormed = true;
    switch (r.nextInt(12)) {
      case 0 -> {
        envelope.remove("oslo.message");
        wellFormed = false;
      }
      case 1 -> {
        envelope.put("oslo.message", 42);
        wellFormed = false;
      }
      case 2 -> {
        envelope.put("oslo.message", "{\"method\":");
        wellFormed = false;
      }
      case 3 -> envelope.put("oslo.version", Hostile.string(r));
      case 4 -> {
        byte[] bytes = JSON.writeValueAsBytes(envelope);
        return java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
      }
      default -> {}
    }
    if (wellFormed
        && m.path("_msg_id").isString()
        && !m.path("_msg_id").asString().isEmpty()
        && m.path("_reply_q").isString()
        && m.path("_reply_q").asString().equals(replyQueue)
        && envelope.path("oslo.version").isString()
        && envelope.path("oslo.version").asString().equals("2.0")) {
      expectReply.put(
          m.path("_msg_id").asString(),
          m.path("method").toString() + " " + String.join(", ", done));
    }
    return JSON.writeValueAsBytes(envelope);
  }

  /** Mutates one field of {@code m}; returns what it did, e.g. {@code version=null}. */
  private static String mutate(Random r, ObjectNode m) {
    String[] fields = {
      "method",
      "args",
      "version",
      "namespace",
      "_msg_id",
      "_reply_q",
      "_unique_id",
      "_timeout",
      "_context_roles",
      "_context_is_admin",
      "_context_user_id",
      "_context_",
      "_context_request_id"
    };
    String field = fields[r.nextInt(fields.length)];
    int kind = r.nextInt(9);
    String[] kinds = {
      "removed", "null", "number", "string", "array", "object", "boolean", "deep", "double"
    };
    switch (kind) {
      case 0 -> m.remove(field);
      case 1 -> m.putNull(field);
      case 2 -> m.put(field, r.nextInt(3) == 0 ? 13 : r.nextLong());
      case 3 -> m.put(field, Hostile.string(r));
      case 4 -> m.putArray(field).add("x");
      case 5 -> m.putObject(field).put("a", 1);
      case 6 -> m.put(field, r.nextBoolean());
      case 7 -> {
        if (r.nextInt(3) == 0) {
          m.put(field, DEEP); // spliced in as text by withDeepNesting: beyond Jackson's write limit
        } else {
          m.set(field, deep(50));
        }
      }
      default -> m.put(field, r.nextDouble() * 1e308);
    }
    return field + "=" + kinds[kind];
  }

  private static final String DEEP = "__deep_nesting__";

  /** {@code json} with the {@link #DEEP} marker replaced by arrays nested 5,000 deep. */
  private static String withDeepNesting(String json) {
    return json.replace('"' + DEEP + '"', "[".repeat(5_000) + "]".repeat(5_000));
  }

  private static ArrayNode deep(int depth) {
    ArrayNode root = NODES.arrayNode();
    ArrayNode at = root;
    for (int i = 0; i < depth; i++) {
      at = at.addArray();
    }
    return root;
  }

  @Test
  void notificationListener() throws Exception {
    String s = "Fuzz: notification listener, memory";
    Random r = new Random(SEED + 1);
    int uncaughtBefore = UNCAUGHT.get();
    String bus = "memory://fuzz-notify-" + System.nanoTime();
    AtomicInteger handled = new AtomicInteger();
    Set<String> goodSeen = ConcurrentHashMap.newKeySet();
    NotificationEndpoint endpoint =
        new NotificationEndpoint() {
          @Override
          public NotificationResult info(Notification n) {
            handled.incrementAndGet();
            if (n.eventType().equals("fuzz.good")) {
              goodSeen.add(String.valueOf(n.payload()));
            }
            return NotificationResult.HANDLED;
          }
        };
    try (Transport listenerTransport = Transports.open(TransportUrl.parse(bus));
        Transport publisher = Transports.open(TransportUrl.parse(bus));
        NotificationListener listener =
            NotificationListener.builder(listenerTransport)
                .target("openstack", "notifications")
                .endpoint(endpoint)
                .build()) {
      listener.start();
      Destination info = new Destination.Notification("openstack", "notifications.info");
      int threadsAtHalf = 0;
      for (int i = 0; i < INPUTS; i++) {
        publisher
            .publish(info, hostileNotification(r, i), PublishOptions.DEFAULT)
            .get(10, TimeUnit.SECONDS);
        if (i == INPUTS / 2) {
          threadsAtHalf = Thread.activeCount();
        }
      }
      String marker = "good-" + UUID.randomUUID();
      publisher
          .publish(info, goodNotification(marker), PublishOptions.DEFAULT)
          .get(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (goodSeen.stream().noneMatch(p -> p.contains(marker)) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      boolean alive = goodSeen.stream().anyMatch(p -> p.contains(marker));
      int uncaught = UNCAUGHT.get() - uncaughtBefore;
      int threadGrowth = Thread.activeCount() - threadsAtHalf;
      FaultReport.add(s, "inputs (seed " + (SEED + 1) + ")", INPUTS, ">= 10000");
      FaultReport.add(s, "handled by the endpoint", handled.get(), "-");
      FaultReport.check(
          s, "a good notification after the inputs handled", alive ? "yes" : "no", "yes", alive);
      FaultReport.check(s, "uncaught exceptions", uncaught + kinds(), "0", uncaught == 0);
      FaultReport.check(
          s, "thread growth over the second half", threadGrowth, "<= 5", threadGrowth <= 5);
      assertThat(alive).as("the listener handles a good notification after the fuzz").isTrue();
      assertThat(uncaught).as("%s", UNCAUGHT_KINDS).isZero();
      assertThat(threadGrowth).isLessThanOrEqualTo(5);
    }
  }

  private static byte[] goodNotification(String marker) {
    ObjectNode n = NODES.objectNode();
    n.put("message_id", UUID.randomUUID().toString());
    n.put("publisher_id", "fuzz.host");
    n.put("event_type", "fuzz.good");
    n.put("priority", "INFO");
    n.putObject("payload").put("marker", marker);
    n.put("timestamp", "2026-12-05 03:00:00.000000");
    ObjectNode envelope = NODES.objectNode();
    envelope.put("oslo.version", "2.0");
    envelope.put("oslo.message", JSON.writeValueAsString(n));
    return JSON.writeValueAsBytes(envelope);
  }

  private static byte[] hostileNotification(Random r, int i) {
    if (r.nextInt(10) == 0) {
      return Hostile.bytes(r, r.nextInt(200));
    }
    ObjectNode n = NODES.objectNode();
    n.put("message_id", UUID.randomUUID().toString());
    n.put("publisher_id", "fuzz.host");
    n.put("event_type", "fuzz.event");
    n.put("priority", "INFO");
    n.putObject("payload").put("i", i);
    n.put("timestamp", "2026-12-05 03:00:00.000000");
    String[] fields = {
      "message_id",
      "publisher_id",
      "event_type",
      "priority",
      "payload",
      "timestamp",
      "_context_roles",
      "_context_is_admin"
    };
    int mutations = 1 + r.nextInt(3);
    for (int k = 0; k < mutations; k++) {
      String field = fields[r.nextInt(fields.length)];
      switch (r.nextInt(7)) {
        case 0 -> n.remove(field);
        case 1 -> n.putNull(field);
        case 2 -> n.put(field, r.nextLong());
        case 3 -> n.put(field, Hostile.string(r));
        case 4 -> n.putArray(field).add(1);
        case 5 -> {
          if (r.nextInt(3) == 0) {
            n.put(field, DEEP);
          } else {
            n.set(field, deep(20));
          }
        }
        default -> n.put(field, r.nextBoolean());
      }
    }
    ObjectNode envelope = NODES.objectNode();
    envelope.put("oslo.version", r.nextInt(10) == 0 ? "1.0" : "2.0");
    envelope.put(
        "oslo.message", r.nextInt(10) == 0 ? "[" : withDeepNesting(JSON.writeValueAsString(n)));
    return JSON.writeValueAsBytes(envelope);
  }

  @Test
  void configFileParser() throws Exception {
    String s = "Fuzz: config file parser";
    Random r = new Random(SEED + 2);
    Path dir = Files.createTempDirectory("bosun-faults-config");
    int loaded = 0;
    int rejected = 0;
    List<String> crashes = new ArrayList<>();
    try {
      Path file = dir.resolve("fuzz.conf");
      ExecutorService runner = Executors.newSingleThreadExecutor();
      int hangs = 0;
      try {
        for (int i = 0; i < INPUTS; i++) {
          Files.write(file, hostileConfig(r));
          Future<?> f =
              runner.submit(
                  () ->
                      Config.builder()
                          .register(
                              ServiceOptions.HOST,
                              ServiceOptions.STATE_PATH,
                              ServiceOptions.REPORT_INTERVAL,
                              ServiceOptions.SERVICE_DOWN_TIME,
                              ServiceOptions.PERIODIC_ENABLE,
                              ServiceOptions.GRACEFUL_SHUTDOWN_TIMEOUT)
                          .register(RabbitOptionProvider.GROUP)
                          .environment(Map.of())
                          .args(List.of("--config-file", file.toString()))
                          .build()
                          .warnUnknown());
          try {
            f.get(10, TimeUnit.SECONDS);
            loaded++;
          } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ConfigException) {
              rejected++;
            } else {
              crashes.add(i + ": " + e.getCause());
            }
          } catch (TimeoutException e) {
            hangs++;
            f.cancel(true);
          }
        }
      } finally {
        runner.shutdownNow();
      }
      reportParser(s, SEED + 2, loaded, rejected, crashes, hangs);
    } finally {
      FileTrees.delete(dir);
    }
  }

  private static byte[] hostileConfig(Random r) {
    String[] sections = {
      "[DEFAULT]",
      "[oslo_messaging_rabbit]",
      "[database]",
      "[",
      "[]",
      "[ DEFAULT ]",
      "[" + Hostile.string(r) + "]"
    };
    String[] keys = {
      "host",
      "state_path",
      "report_interval",
      "service_down_time",
      "periodic_enable",
      "graceful_shutdown_timeout",
      "rabbit_qos_prefetch_count",
      "amqp_durable_queues",
      "rabbit_retry_interval",
      "kombu_compression",
      "ssl_ca_file",
      "transport_url",
      "repport_interval"
    };
    String[] values = {
      "10",
      "-1",
      "0",
      "1e309",
      "true",
      "maybe",
      "60s",
      "9223372036854775808",
      "",
      "%(host)s",
      "$host",
      "\\",
      "\"quoted",
      "bz2",
      "gzip"
    };
    StringBuilder b = new StringBuilder();
    if (r.nextInt(20) == 0) {
      b.append('\uFEFF');
    }
    int lines = r.nextInt(30);
    for (int i = 0; i < lines; i++) {
      switch (r.nextInt(8)) {
        case 0 -> b.append(sections[r.nextInt(sections.length)]);
        case 1 -> b.append(Hostile.string(r));
        case 2 -> b.append("  continuation ").append(Hostile.string(r));
        case 3 -> b.append("# ").append(Hostile.string(r));
        case 4 -> b.append(keys[r.nextInt(keys.length)]).append(" = ").append(Hostile.string(r));
        default ->
            b.append(keys[r.nextInt(keys.length)])
                .append(r.nextBoolean() ? " = " : r.nextBoolean() ? ":" : "=")
                .append(values[r.nextInt(values.length)]);
      }
      b.append(r.nextInt(10) == 0 ? "\r" : r.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    byte[] text = b.toString().getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(10) == 0 && text.length > 0) {
      text[r.nextInt(text.length)] = (byte) (0x80 + r.nextInt(0x7F)); // invalid UTF-8
    }
    return text;
  }

  @Test
  void commandLine() throws Exception {
    String s = "Fuzz: command line";
    Random r = new Random(SEED + 3);
    Path dir = Files.createTempDirectory("bosun-faults-cli");
    int ok = 0;
    int rejected = 0;
    List<String> crashes = new ArrayList<>();
    int hangs = 0;
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      for (int i = 0; i < INPUTS; i++) {
        String[] args = hostileArgs(r, dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Future<Integer> f =
            runner.submit(() -> Main.execute(new PrintWriter(out), new PrintWriter(err), args));
        try {
          int code = f.get(20, TimeUnit.SECONDS);
          if (code == 0) {
            ok++;
          } else if ((code == 1 || code == 2) && !err.toString().isBlank()) {
            rejected++;
          } else {
            crashes.add(
                List.of(args)
                    + " -> exit "
                    + code
                    + " "
                    + err.toString().lines().findFirst().orElse("(no message)"));
          }
        } catch (java.util.concurrent.ExecutionException e) {
          crashes.add(List.of(args) + " -> " + e.getCause());
        } catch (TimeoutException e) {
          hangs++;
          f.cancel(true);
        }
      }
    } finally {
      runner.shutdownNow();
      FileTrees.delete(dir);
    }
    reportParser(s, SEED + 3, ok, rejected, crashes, hangs);
  }

  /**
   * Arguments for commands that only read: {@code config show}, {@code config sample}, help and
   * version, and {@code run}/{@code demo}/{@code db}/{@code service} with an option no command has,
   * so that nothing is started, written or connected to.
   */
  private static String[] hostileArgs(Random r, Path stateDir) {
    List<String> args = new ArrayList<>();
    String[][] commands = {
      {"config", "show"},
      {"config", "show", "--format", "json"},
      {"config", "sample"},
      {"--help"},
      {"--version"},
      {"config"},
      {},
      {"run"},
      {"run", "faultsink"},
      {"demo"},
      {"db", "sync"},
      {"service", "disable"},
      {"nosuchcommand"}
    };
    String[] command = commands[r.nextInt(commands.length)];
    args.addAll(List.of(command));
    String[] options = {
      "--report-interval",
      "--host",
      "--transport-url",
      "--config-file",
      "--config-dir",
      "--graceful-shutdown-timeout",
      "--oslo-messaging-rabbit-rabbit-qos-prefetch-count",
      "--database-max-retries",
      "--format",
      "--seconds",
      "--debug",
      "--",
      "-x",
      "--no-such-option"
    };
    int n = r.nextInt(5);
    for (int k = 0; k < n; k++) {
      args.add(options[r.nextInt(options.length)]);
      if (r.nextInt(4) != 0) {
        args.add(
            r.nextBoolean()
                ? Hostile.string(r)
                : Hostile.mutate(r, "rabbit://guest:guest@127.0.0.1:1/"));
      }
    }
    boolean readOnly =
        command.length > 0 && (command[0].equals("config") || command[0].startsWith("--"));
    if (!readOnly) {
      args.add("--no-such-option-" + r.nextInt(1000));
    }
    args.add("--state-path");
    args.add(stateDir.toString());
    return args.toArray(String[]::new);
  }

  @Test
  void transportUrlParser() {
    String s = "Fuzz: transport URL parser";
    Random r = new Random(SEED + 4);
    String[] valid = {
      "rabbit://guest:guest@127.0.0.1:5672/",
      "rabbit://u:p@h1:5672,u2:p2@h2:5673/vhost?amqp_durable_queues=true",
      "kombu://[::1]:5672/",
      "memory://",
      "memory://bus"
    };
    int parsed = 0;
    int rejected = 0;
    List<String> crashes = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      String text = Hostile.mutate(r, valid[r.nextInt(valid.length)]);
      try {
        TransportUrl url = TransportUrl.parse(text);
        assertThat(url.toString()).isNotNull(); // printing a parsed URL must not throw either
        parsed++;
      } catch (IllegalArgumentException e) {
        rejected++;
      } catch (RuntimeException | StackOverflowError e) {
        crashes.add(text.length() > 80 ? text.substring(0, 80) + "..." : text + " -> " + e);
      }
    }
    reportParser(s, SEED + 4, parsed, rejected, crashes, 0);
  }

  private static void reportParser(
      String s, long seed, int accepted, int rejected, List<String> crashes, int hangs) {
    FaultReport.add(
        s, "inputs (seed " + seed + ")", accepted + rejected + crashes.size() + hangs, ">= 10000");
    FaultReport.add(s, "accepted / rejected with a clear error", accepted + " / " + rejected, "-");
    FaultReport.check(
        s,
        "other exceptions or exit codes",
        crashes.size() + (crashes.isEmpty() ? "" : " (first: " + crashes.get(0) + ")"),
        "0",
        crashes.isEmpty());
    FaultReport.check(s, "hangs", hangs, "0", hangs == 0);
    assertThat(crashes).as("inputs neither accepted nor rejected cleanly").isEmpty();
    assertThat(hangs).isZero();
  }

  private static String kinds() {
    return UNCAUGHT_KINDS.isEmpty() ? "" : " " + UNCAUGHT_KINDS.stream().limit(3).toList();
  }
}
