package dev.bosun.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.rabbit.RabbitTransport;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to a {@code bosun run} child on RabbitMQ while {@value #CALLERS} callers keep calls of
 * {@value #CALL_MILLIS} ms in flight: every call sent before the signal is answered, and the
 * process exits 0 within {@code graceful_shutdown_timeout}.
 */
class SigtermUnderLoadFaultTest {
  static final int CALLERS = 24;
  static final int CALL_MILLIS = 500;
  static final int GRACEFUL_SHUTDOWN_TIMEOUT = 10;
  private static final String S = "SIGTERM under load (RabbitMQ)";

  @Test
  void everyCallInFlightIsAnsweredAndTheProcessExitsZero() throws Exception {
    Servers.deleteQueues("faultsink", "faultsink.term1");
    Path state = Files.createTempDirectory("bosun-faults-term");
    AtomicBoolean sending = new AtomicBoolean(true);
    AtomicInteger sentBeforeSignal = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> callers = new ArrayList<>();
    try (ChildBosun child =
            ChildBosun.start(
                "run",
                "faultsink",
                "--transport-url",
                Servers.rabbitUrl(),
                "--graceful-shutdown-timeout",
                Integer.toString(GRACEFUL_SHUTDOWN_TIMEOUT),
                "--host",
                "term1",
                "--state-path",
                state.toString());
        RabbitTransport transport = Servers.rabbitTransport(false);
        RpcClient client =
            RpcClient.builder(transport)
                .target(Target.topic("faultsink"))
                .timeout(Duration.ofSeconds(30))
                .build()) {
      child.awaitRunning();
      SinkApi api = client.proxy(SinkApi.class);
      api.sleepMillis(0);
      for (int i = 0; i < CALLERS; i++) {
        callers.add(
            RabbitKillUnderLoadFaultTest.started(
                "faults-term-caller-" + i,
                () -> {
                  while (sending.get()) {
                    sentBeforeSignal.incrementAndGet();
                    try {
                      api.sleepMillis(CALL_MILLIS);
                      answered.incrementAndGet();
                    } catch (RuntimeException e) {
                      failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    }
                  }
                }));
      }
      Thread.sleep(3_000);
      sending.set(false); // no call starts after the signal: those in flight must be answered
      long signalled = System.nanoTime();
      child.signal("TERM");
      int exit = child.awaitExit();
      Duration exitAfter = Duration.ofNanos(System.nanoTime() - signalled);
      for (Thread t : callers) {
        t.join(60_000);
      }
      boolean inTime = exitAfter.compareTo(Duration.ofSeconds(GRACEFUL_SHUTDOWN_TIMEOUT)) <= 0;

      FaultReport.add(S, "callers, each with one call in flight", CALLERS, "-");
      FaultReport.add(S, "calls sent", sentBeforeSignal.get(), "-");
      FaultReport.check(S, "calls not answered", failures.size(), "0", failures.isEmpty());
      FaultReport.check(S, "exit code", exit, "0", exit == 0);
      FaultReport.check(
          S,
          "signal to exit",
          exitAfter.toMillis() + " ms",
          "<= graceful_shutdown_timeout " + GRACEFUL_SHUTDOWN_TIMEOUT + " s",
          inTime);

      assertThat(failures).as("calls in flight at SIGTERM that failed").isEmpty();
      assertThat(answered.get()).isEqualTo(sentBeforeSignal.get());
      assertThat(exit).as("%s", child).isZero();
      assertThat(inTime).as("exited %s after SIGTERM", exitAfter).isTrue();
    } finally {
      sending.set(false);
      Servers.deleteQueues("faultsink", "faultsink.term1");
      FileTrees.delete(state);
    }
  }
}
