package dev.bosun.servicegroup;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class HeartbeatTest {
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Heartbeat.class);
  private final ServiceStore store =
      ServiceStore.inMemory(Clock.systemUTC(), Duration.ofSeconds(60));
  private final ServiceRecord service =
      store.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 1, "1.0"));

  @BeforeEach
  void capture() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
  }

  private long count(Level level, String containing) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(containing))
        .count();
  }

  @Test
  void notWorkingIsLoggedOnceWhenItFlipsAndOnceWhenItFlipsBack() {
    AtomicBoolean working = new AtomicBoolean(false);
    Heartbeat heartbeat = Heartbeat.builder(store, service).isWorking(working::get).build();

    heartbeat.reportState();
    heartbeat.reportState();
    heartbeat.reportState();
    working.set(true);
    heartbeat.reportState();
    heartbeat.reportState();

    assertThat(count(Level.WARN, "volume@host1 reports it is not working")).isEqualTo(1);
    assertThat(count(Level.INFO, "volume@host1 is working again")).isEqualTo(1);
    assertThat(store.get("host1", "bosun-volume").reportCount()).isEqualTo(2);
  }

  @Test
  void anIsWorkingCheckThatThrowsCountsAsNotWorking() {
    Heartbeat heartbeat =
        Heartbeat.builder(store, service)
            .isWorking(
                () -> {
                  throw new IllegalStateException("driver gone");
                })
            .build();

    heartbeat.reportState();
    heartbeat.reportState();

    assertThat(store.get("host1", "bosun-volume").reportCount()).isZero();
    assertThat(heartbeat.status().skipping()).isTrue();
    assertThat(count(Level.WARN, "isWorking check of volume@host1 failed")).isEqualTo(1);
  }

  @Test
  void beatsRunOnADedicatedPlatformDaemonThreadNamedAfterTheService() throws Exception {
    CompletableFuture<Thread> beatThread = new CompletableFuture<>();
    Heartbeat heartbeat =
        Heartbeat.builder(store, service)
            .reportInterval(Duration.ofMillis(10))
            .initialDelay(Duration.ZERO)
            .isWorking(
                () -> {
                  beatThread.complete(Thread.currentThread());
                  return true;
                })
            .build();
    heartbeat.start();
    try {
      Thread thread = beatThread.get(30, TimeUnit.SECONDS);
      assertThat(thread.getName()).isEqualTo("bosun-heartbeat-volume@host1");
      assertThat(thread.isDaemon()).isTrue();
      try {
        Object virtual = Thread.class.getMethod("isVirtual").invoke(thread);
        assertThat(virtual).as("a platform thread, on Java 21+ too").isEqualTo(false);
      } catch (NoSuchMethodException e) {
        // Java 17: every thread is a platform thread
      }
    } finally {
      heartbeat.stop();
    }
  }

  @Test
  void stopWaitsForABeatInFlightOnlyAsLongAsItIsGiven() throws Exception {
    CountDownLatch inBeat = new CountDownLatch(1);
    CountDownLatch releaseBeat = new CountDownLatch(1);
    Heartbeat heartbeat =
        Heartbeat.builder(store, service)
            .reportInterval(Duration.ofMillis(10))
            .initialDelay(Duration.ZERO)
            .isWorking(
                () -> {
                  inBeat.countDown();
                  try {
                    releaseBeat.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return true;
                })
            .build();
    heartbeat.start();
    try {
      assertThat(inBeat.await(30, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> stopped =
          CompletableFuture.runAsync(() -> heartbeat.stop(Duration.ofMillis(50)));

      assertThat(stopped).succeedsWithin(Duration.ofSeconds(30));
      assertThat(releaseBeat.getCount()).as("the beat in flight is still running").isOne();
      assertThat(count(Level.WARN, "Heartbeat for volume@host1 still busy 50 ms after stop"))
          .isEqualTo(1);
    } finally {
      releaseBeat.countDown();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> heartbeat.stop(Duration.ofSeconds(-3)))
        .hasMessageContaining("PT-3S");
  }

  @Test
  void aStackOverflowInOneBeatDoesNotEndTheHeartbeat() throws Exception {
    // Regression: beatSafely rethrew every VirtualMachineError, and the timer then silently
    // cancelled every later beat, so the service looked down while it ran.
    AtomicInteger asked = new AtomicInteger();
    CountDownLatch thirdBeat = new CountDownLatch(1);
    Heartbeat heartbeat =
        Heartbeat.builder(store, service)
            .reportInterval(Duration.ofMillis(10))
            .initialDelay(Duration.ZERO)
            .isWorking(
                () -> {
                  int beat = asked.incrementAndGet();
                  if (beat == 1) {
                    throw new StackOverflowError("deep driver");
                  }
                  if (beat == 3) {
                    thirdBeat.countDown();
                  }
                  return true;
                })
            .build();
    heartbeat.start();
    try {
      assertThat(thirdBeat.await(30, TimeUnit.SECONDS)).as("beats go on").isTrue();
    } finally {
      heartbeat.stop();
    }
    assertThat(store.get("host1", "bosun-volume").reportCount()).isGreaterThanOrEqualTo(1);
    assertThat(count(Level.ERROR, "Unexpected error in the heartbeat of volume@host1"))
        .isEqualTo(1);
  }

  @Test
  void causesSkipTheStoreWrapperAndRepeats() {
    ServiceStoreException e =
        new ServiceStoreException(
            "Could not report the state of id 1",
            new RuntimeException(
                "I/O error", new RuntimeException("I/O error", new java.io.EOFException())));

    assertThat(Heartbeat.causes(e)).isEqualTo("I/O error <- java.io.EOFException");
  }

  @Test
  void settingsAreCheckedAtTheDoorWithTheBadValue() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Heartbeat.builder(store, service).reportInterval(Duration.ofSeconds(-1)))
        .hasMessageContaining("report_interval")
        .hasMessageContaining("PT-1S");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Heartbeat.builder(store, service).initialDelay(Duration.ofSeconds(-2)))
        .hasMessageContaining("PT-2S");
  }
}
