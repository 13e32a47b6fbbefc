package dev.bosun.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bosun.rabbit.RabbitTransport;
import dev.bosun.rpc.RpcClient;
import dev.bosun.rpc.Target;
import dev.bosun.tck.PrivateRabbitNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ killed with SIGKILL and restarted under a continuous load of calls and casts to a {@code
 * bosun run} child with durable queues: no confirmed cast lost, the server answering again soon
 * after the broker listens, the process alive afterwards.
 */
class RabbitKillUnderLoadFaultTest {
  private static final String S = "RabbitMQ kill -9 under load (durable queues)";

  @Test
  void noConfirmedCastIsLostAndTheServerResumes() throws Exception {
    PrivateRabbitNode node = Servers.rabbit();
    Servers.deleteQueues("faultsink", "faultsink.kill1");
    Path state = Files.createTempDirectory("bosun-faults-kill");
    AtomicInteger sent = new AtomicInteger();
    Set<Integer> confirmed = ConcurrentHashMap.newKeySet();
    AtomicInteger castsFailed = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger callsFailed = new AtomicInteger();
    AtomicLong lastCallOk = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    try (ChildBosun child =
            ChildBosun.start(
                "run",
                "faultsink",
                "--transport-url",
                Servers.rabbitUrl(),
                "--oslo-messaging-rabbit-amqp-durable-queues",
                "true",
                "--host",
                "kill1",
                "--state-path",
                state.toString());
        RabbitTransport transport = Servers.rabbitTransport(true);
        RpcClient client =
            RpcClient.builder(transport)
                .target(Target.topic("faultsink"))
                .timeout(Duration.ofSeconds(5))
                .build()) {
      child.awaitRunning();
      SinkApi api = client.proxy(SinkApi.class);
      await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> api.counts() != null);

      Thread caster =
          started(
              "faults-caster",
              () -> {
                while (running.get()) {
                  int id = sent.incrementAndGet();
                  try {
                    api.tally(id);
                    confirmed.add(id);
                  } catch (RuntimeException e) {
                    castsFailed.incrementAndGet();
                    pause(5);
                  }
                }
              });
      Thread caller =
          started(
              "faults-caller",
              () -> {
                while (running.get()) {
                  calls.incrementAndGet();
                  try {
                    api.sleepMillis(0);
                    lastCallOk.set(System.nanoTime());
                  } catch (RuntimeException e) {
                    callsFailed.incrementAndGet();
                    pause(20);
                  }
                }
              });
      Thread.sleep(5_000);
      node.kill9();
      long killed = System.nanoTime();
      node.start();
      long listening = System.nanoTime();
      await("a call answered after the restart")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> lastCallOk.get() > listening);
      Duration resumed = Duration.ofNanos(lastCallOk.get() - listening);
      Thread.sleep(5_000);
      running.set(false);
      caster.join(30_000);
      caller.join(30_000);

      await("every confirmed cast handled")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> api.counts().get("distinct") >= confirmed.size());
      Set<Integer> received = new HashSet<>(api.received());
      long duplicates = api.counts().get("duplicates");
      Set<Integer> lost = new HashSet<>(confirmed);
      lost.removeAll(received);
      boolean alive = child.isAlive();

      FaultReport.add(S, "casts sent", sent.get(), "-");
      FaultReport.add(S, "casts confirmed", confirmed.size(), "-");
      FaultReport.add(S, "casts failed to the caller (may retry)", castsFailed.get(), "-");
      FaultReport.add(S, "casts received (distinct)", received.size(), "-");
      FaultReport.check(S, "confirmed casts lost", lost.size(), "0", lost.isEmpty());
      FaultReport.add(S, "casts delivered twice", duplicates, "-");
      FaultReport.add(S, "calls made / failed", calls.get() + " / " + callsFailed.get(), "-");
      FaultReport.add(
          S,
          "broker down (kill to listening)",
          Duration.ofNanos(listening - killed).toMillis() + " ms",
          "-");
      FaultReport.check(
          S,
          "broker listening to a call answered",
          resumed.toMillis() + " ms",
          "< 5000 ms",
          resumed.compareTo(Duration.ofSeconds(5)) < 0);
      FaultReport.check(S, "service process alive afterwards", alive ? "yes" : "no", "yes", alive);

      assertThat(lost).as("confirmed casts that never arrived").isEmpty();
      assertThat(resumed).isLessThan(Duration.ofSeconds(5));
      assertThat(alive).as("the service process is alive; %s", child).isTrue();
      child.signal("TERM");
      assertThat(child.awaitExit()).isZero();
    } finally {
      running.set(false);
      Servers.deleteQueues("faultsink", "faultsink.kill1");
      FileTrees.delete(state);
    }
  }

  static Thread started(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
