package dev.bosun.bench;

import dev.bosun.concurrent.Threads;
import dev.bosun.context.RequestContext;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.RpcServer;
import dev.bosun.rpc.Target;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * RPC load: {@code --callers} threads each calling {@code echo} in a loop, one call at a time, for
 * {@code --duration} seconds, against an {@link RpcServer} on any transport {@link Transports#open}
 * finds on the class path ({@code memory://} always; {@code rabbit://} once bosun-rabbit is on it).
 * Prints progress every second and a final table of calls, errors, throughput, latency percentiles
 * and heap use.
 *
 * <p>With {@code --role both} (the default) the server runs in this JVM. For a broker, run {@code
 * --role server} in one process and {@code --role client} in another; the server then runs until
 * interrupted.
 *
 * <p>Threads: callers come from {@link Threads#factory} (virtual on 21+, unless {@code
 * -Dbosun.threads=platform}); each records latencies into its own histogram, merged when all have
 * stopped. The main thread only prints.
 *
 * <p>Exit status: 0 when every measured call succeeded, 1 when some failed or the transport could
 * not be opened, 2 for bad arguments.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Runs N concurrent RPC callers for D seconds against an echo server and prints "
            + "throughput, latency percentiles and heap use.",
    footer = {
      "",
      "Examples:",
      "  run load --callers 8 --duration 10",
      "  run load --url rabbit://guest:guest@127.0.0.1:5672/ --callers 16",
      "  run load --role server --url rabbit://...   (then, elsewhere)",
      "  run load --role client --url rabbit://... --callers 16"
    },
    version = "Bosun RPC load harness (bosun-bench)")
public final class LoadHarness implements Callable<Integer> {

  /** Where this process stands. */
  public enum Role {
    both,
    client,
    server
  }

  @Option(
      names = {"-u", "--url"},
      defaultValue = "memory://bench",
      paramLabel = "URL",
      description = "Transport URL, any scheme on the class path (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = {"-c", "--callers"},
      defaultValue = "8",
      paramLabel = "N",
      description = "Concurrent callers, each with one call in flight (default: ${DEFAULT-VALUE}).")
  int callers;

  @Option(
      names = {"-d", "--duration"},
      defaultValue = "10",
      paramLabel = "SECONDS",
      description = "Measured seconds (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(
      names = {"-w", "--warmup"},
      defaultValue = "3",
      paramLabel = "SECONDS",
      description = "Unmeasured seconds of load first, for the JIT (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = {"-p", "--payload"},
      defaultValue = "5",
      paramLabel = "BYTES",
      description = "Size of the echoed string argument (default: ${DEFAULT-VALUE}).")
  int payloadBytes;

  @Option(
      names = "--role",
      defaultValue = "both",
      paramLabel = "ROLE",
      description = "both, client or server (default: ${DEFAULT-VALUE}).")
  Role role;

  @Option(
      names = "--topic",
      defaultValue = "bosun_bench",
      paramLabel = "TOPIC",
      description = "RPC topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--exchange",
      defaultValue = "bosun_bench",
      paramLabel = "EXCHANGE",
      description = "Control exchange (default: ${DEFAULT-VALUE}).")
  String exchange;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "Call timeout (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Spec CommandSpec spec;

  private final PrintStream out;

  LoadHarness(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    CommandLine line =
        new CommandLine(new LoadHarness(System.out)).setCaseInsensitiveEnumValuesAllowed(true);
    System.exit(line.execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    check(callers >= 1, "--callers must be at least 1, found " + callers);
    check(durationSeconds >= 1, "--duration must be at least 1 second, found " + durationSeconds);
    check(warmupSeconds >= 0, "--warmup must be 0 or more seconds, found " + warmupSeconds);
    check(payloadBytes >= 0, "--payload must be 0 or more bytes, found " + payloadBytes);
    check(timeoutSeconds >= 1, "--timeout must be at least 1 second, found " + timeoutSeconds);
    TransportUrl parsed = TransportUrl.parse(url);
    long heapBefore = heapUsedAfterGc();
    Transport transport;
    try {
      transport = Transports.open(parsed);
    } catch (RuntimeException e) {
      out.println("Cannot open transport " + parsed + ": " + e.getMessage());
      return 1;
    }
    try {
      return run(transport, parsed, heapBefore);
    } finally {
      transport.close();
    }
  }

  private int run(Transport transport, TransportUrl parsed, long heapBefore)
      throws InterruptedException {
    Optional<RpcServer> server = Optional.empty();
    if (role != Role.client) {
      server =
          Optional.of(
              RpcServer.builder(transport)
                  .controlExchange(exchange)
                  .target(Target.topic(topic).withServer("load1"))
                  .endpoint(new EchoEndpoint())
                  .gracefulShutdownTimeout(Duration.ofSeconds(5))
                  .build());
      server.get().start();
    }
    try {
      out.printf(
          "Bosun load: %s, role %s, %d callers, %d s (+%d s warm-up), payload %d B, " + "%s, %s%n",
          parsed,
          role,
          callers,
          durationSeconds,
          warmupSeconds,
          payloadBytes,
          Threads.describe(),
          jvm());
      if (role == Role.server) {
        return serveUntilInterrupted(server.get());
      }
      try (RpcClient client =
          RpcClient.builder(transport)
              .controlExchange(exchange)
              .target(Target.topic(topic))
              .timeout(Duration.ofSeconds(timeoutSeconds))
              .build()) {
        if (warmupSeconds > 0) {
          out.printf("warm-up %d s%n", warmupSeconds);
          load(client, warmupSeconds, false);
        }
        Result result = load(client, durationSeconds, true);
        long heapAfter = heapUsed();
        long heapAfterGc = heapUsedAfterGc();
        printTable(parsed, result, heapBefore, heapAfter, heapAfterGc);
        return result.errors == 0 && result.histogram.count() > 0 ? 0 : 1;
      }
    } finally {
      server.ifPresent(RpcServer::stop);
    }
  }

  private int serveUntilInterrupted(RpcServer server) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "bosun-load-stop"));
    long last = 0;
    out.println("serving " + server.target() + "; Ctrl-C to stop");
    while (!stop.await(1, TimeUnit.SECONDS)) {
      long received = server.statistics().received();
      out.printf("received %d/s, total %d%n", received - last, received);
      last = received;
    }
    return 0;
  }

  /** The outcome of one measured phase. */
  private static final class Result {
    final LatencyHistogram histogram = new LatencyHistogram();
    long errors;
    double seconds;
    final Map<String, Long> errorKinds = new ConcurrentHashMap<>();
  }

  private Result load(RpcClient client, int seconds, boolean report) throws InterruptedException {
    RequestContext context = Fixtures.typicalContext();
    String text = Fixtures.payload(payloadBytes);
    Map<String, Object> args = Map.of("text", text);
    LongAdder calls = new LongAdder();
    LongAdder errors = new LongAdder();
    Result result = new Result();
    List<LatencyHistogram> histograms = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    ThreadFactory factory = Threads.factory("bosun-load-caller");
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    for (int i = 0; i < callers; i++) {
      LatencyHistogram histogram = new LatencyHistogram();
      histograms.add(histogram);
      threads.add(
          factory.newThread(
              () -> {
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  try {
                    String answer = client.call(context, "echo", args, String.class).orElse("");
                    if (answer.length() != text.length()) {
                      throw new IllegalStateException(
                          "echo answered " + answer.length() + " characters for " + text.length());
                    }
                    histogram.record(System.nanoTime() - t0);
                    calls.increment();
                  } catch (RuntimeException e) {
                    errors.increment();
                    String kind = e.getClass().getSimpleName() + ": " + e.getMessage();
                    if (result.errorKinds.size() < 20 || result.errorKinds.containsKey(kind)) {
                      result.errorKinds.merge(kind, 1L, Long::sum);
                    }
                    LockSupport.parkNanos(1_000_000); // a broken route must not spin
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    long lastCalls = 0;
    for (int second = 1; second <= seconds; second++) {
      long wake = start + TimeUnit.SECONDS.toNanos(second);
      for (long now = System.nanoTime(); now < wake; now = System.nanoTime()) {
        TimeUnit.NANOSECONDS.sleep(wake - now);
      }
      long total = calls.sum();
      if (report) {
        out.printf(
            "[%3d s] %8d calls/s  total %9d  errors %d%n",
            second, total - lastCalls, total, errors.sum());
      }
      lastCalls = total;
    }
    for (Thread thread : threads) {
      thread.join();
    }
    result.seconds = (System.nanoTime() - start) / 1e9;
    histograms.forEach(result.histogram::add);
    result.errors = errors.sum();
    return result;
  }

  private void printTable(
      TransportUrl parsed, Result result, long heapBefore, long heapAfter, long heapAfterGc) {
    LatencyHistogram h = result.histogram;
    out.println();
    out.println(
        "| transport | callers | seconds | calls | errors | calls/s | p50 us | p90 us "
            + "| p99 us | max us | heap before MiB | heap after MiB (after GC) |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    out.println(
        String.format(
            Locale.ROOT,
            "| %s | %d | %.1f | %d | %d | %.0f | %s | %s | %s | %s | %.1f | %.1f (%.1f) |",
            parsed.scheme() + "://",
            callers,
            result.seconds,
            h.count(),
            result.errors,
            h.count() / result.seconds,
            micros(h.percentileNanos(50)),
            micros(h.percentileNanos(90)),
            micros(h.percentileNanos(99)),
            micros(h.maxNanos()),
            mib(heapBefore),
            mib(heapAfter),
            mib(heapAfterGc)));
    if (!result.errorKinds.isEmpty()) {
      out.println();
      out.println("Errors by kind:");
      result.errorKinds.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(5)
          .forEach(e -> out.printf("  %6d  %s%n", e.getValue(), e.getKey()));
    }
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.0f", nanos / 1000.0);
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  private static long heapUsed() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static long heapUsedAfterGc() {
    System.gc();
    return heapUsed();
  }

  private static String jvm() {
    return "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }
}
