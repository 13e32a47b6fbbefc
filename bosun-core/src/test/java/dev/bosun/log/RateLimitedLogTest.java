package dev.bosun.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Issue 13 item 10: repeated warnings give one line per window, with the count held back. */
class RateLimitedLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-test");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final AtomicLong now = new AtomicLong(1_000);

  {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(appender);
  }

  @Test
  void logsTheFirstThenCountsUntilTheWindowEnds() {
    RateLimitedLog log = RateLimitedLog.create(logger, Duration.ofSeconds(60), now::get);

    assertThat(log.warn("malformed", "dropping message {}", 1)).isTrue();
    for (int i = 2; i <= 335; i++) {
      now.addAndGet(Duration.ofMillis(100).toNanos());
      assertThat(log.warn("malformed", "dropping message {}", i)).isFalse();
    }
    now.set(1_000 + Duration.ofSeconds(61).toNanos());
    log.warn("malformed", "dropping message {}", 336);
    log.warn("malformed", "dropping message {}", 337);

    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("dropping message 1", "dropping message 336 (334 more in the last 60 s)");
  }

  @Test
  void keysAreLimitedSeparatelyAndTheThrowableStaysTheException() {
    RateLimitedLog log = RateLimitedLog.create(logger, Duration.ofSeconds(10), now::get);
    IllegalStateException error = new IllegalStateException("boom");

    log.warn("a", "task {} failed", "a", error);
    log.warn("b", "task {} failed", "b");
    log.warn("a", "task {} failed", "a", error);
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    log.error("a", "task {} failed", "a", error);

    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "task a failed", "task b failed", "task a failed (1 more in the last 10 s)");
    assertThat(appender.list.get(2).getThrowableProxy().getMessage()).isEqualTo("boom");
    assertThat(appender.list.get(2).getLevel().toString()).isEqualTo("ERROR");
  }
}
