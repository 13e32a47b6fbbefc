package dev.bosun.cli;

import dev.bosun.context.RequestContext;
import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import dev.bosun.manager.Periodic;
import dev.bosun.manager.PeriodicContext;
import dev.bosun.notify.Notifier;
import dev.bosun.rpc.Messaging;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo service's manager: three periodic tasks that would disturb each other in oslo's serial
 * loop, one fast, one slow, one that always fails, and an RPC method that reports them. A fourth
 * task publishes the same counts as the notification {@value #STATUS_EVENT} (INFO, publisher {@code
 * demo.<host>}) through the service's notifier; with no {@code [oslo_messaging_notifications]
 * driver} configured (the default) nothing is sent.
 */
public final class DemoManager extends Manager implements DemoApi {
  static final Duration SLOW_SWEEP_TAKES = Duration.ofSeconds(3);
  static final String STATUS_EVENT = "demo.status.report";
  private static final Logger LOG = LoggerFactory.getLogger(DemoManager.class);

  private final AtomicLong fastTicks = new AtomicLong();
  private final AtomicLong slowSweeps = new AtomicLong();
  private final AtomicLong flakyProbes = new AtomicLong();
  private final AtomicLong statusReports = new AtomicLong();

  public DemoManager(ManagerContext context) {
    super(context);
  }

  /** Quick and frequent: counts. */
  @Periodic(name = "fast_tick", spacing = "1s", runImmediately = true)
  void fastTick() {
    fastTicks.incrementAndGet();
  }

  /** Slow: holds its thread longer than its own spacing, so some of its slots are skipped. */
  @Periodic(name = "slow_sweep", spacing = "2s", runImmediately = true)
  void slowSweep(PeriodicContext context) throws InterruptedException {
    long until = System.nanoTime() + SLOW_SWEEP_TAKES.toNanos();
    while (System.nanoTime() < until && !context.stopRequested()) {
      Thread.sleep(50);
    }
    slowSweeps.incrementAndGet();
  }

  /** Always fails, as a probe of an unreachable backend would; it keeps its schedule. */
  @Periodic(name = "flaky_probe", spacing = "1500ms")
  void flakyProbe() {
    long attempt = flakyProbes.incrementAndGet();
    LOG.debug("flaky_probe attempt {}", attempt);
    throw new IllegalStateException(
        "simulated failure: backend unreachable (attempt " + attempt + ")");
  }

  /** Publishes the counts as a notification, when the service has messaging. */
  @Periodic(name = "report_status", spacing = "5s", runImmediately = true)
  void reportStatus() {
    messaging()
        .map(Messaging::notifier)
        .filter(Notifier::isEnabled)
        .ifPresent(
            notifier -> {
              Map<String, Object> payload = new LinkedHashMap<>();
              payload.put("host", host());
              payload.put("tasks", status());
              // best effort, as oslo's notifier: a failed send is logged by the transport
              CompletableFuture<Void> unused =
                  notifier.info(RequestContext.builder().build(), STATUS_EVENT, payload);
              statusReports.incrementAndGet();
            });
  }

  /** How many {@value #STATUS_EVENT} notifications were handed to the notifier. */
  long statusReportsSent() {
    return statusReports.get();
  }

  @Override
  public Map<String, Long> status() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("fast_tick", fastTicks.get());
    counts.put("slow_sweep", slowSweeps.get());
    counts.put("flaky_probe", flakyProbes.get());
    return counts;
  }
}
