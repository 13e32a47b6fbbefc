package dev.bosun.rabbit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bosun.tck.ExternalServices;
import dev.bosun.tck.TcpProxy;
import dev.bosun.transport.Destination;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Issue 13 item 9: wrong credentials are not an outage. They were retried for ever, with an
 * amqp-client WARN every few seconds; now they fail the start, or (when the broker refuses them
 * only after an outage) stop the retries after a bound, each with one ERROR naming user and broker.
 */
class RefusedCredentialsTest {
  private static final String PASSWORD = "s3cret-never-logged";
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void captureLogs() {
    ExternalServices.assumeReachable(ExternalServices.RABBITMQ);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void release() {
    root.detachAppender(logs);
  }

  @Test
  void refusedCredentialsFailTheStartWithAnErrorNamingUserAndBroker() throws Exception {
    assertThatThrownBy(
            () ->
                RabbitTransport.builder()
                    .broker(new RabbitBroker("127.0.0.1", 5672, "bosun-no-such-user", PASSWORD))
                    .build())
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("127.0.0.1:5672")
        .hasMessageContaining("refused the credentials of user 'bosun-no-such-user'")
        .hasMessageContaining("not an outage")
        .hasMessageNotContaining(PASSWORD);
    Thread.sleep(500); // amqp-client's I/O thread logged its WARN just after the refusal
    assertThat(errors()).as("the exception is the one report").isEmpty();
    assertThat(warnings()).isEmpty();
    assertNoPassword();
  }

  @Test
  void credentialsRefusedAfterAnOutageStopTheRetriesAfterTheBound() throws Exception {
    try (TcpProxy gate = TcpProxy.create(5672)) {
      gate.stopListening();
      RabbitOptions fast =
          RabbitOptions.builder()
              .kombuReconnectDelay(0.1)
              .rabbitRetryInterval(0)
              .rabbitRetryBackoff(1)
              .rabbitIntervalMax(1)
              .build();
      try (RabbitTransport t =
          RabbitTransport.builder()
              .broker(new RabbitBroker("127.0.0.1", gate.port(), "bosun-no-such-user", PASSWORD))
              .options(fast)
              .build()) {
        gate.restore();
        await("the transport giving up")
            .atMost(1, TimeUnit.MINUTES)
            .until(() -> errors().stream().anyMatch(m -> m.contains("stopped retrying")));
        Thread.sleep(3000); // no further attempt, no further line
        List<String> errors = errors();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0))
            .contains("refused the credentials of user 'bosun-no-such-user'")
            .contains("127.0.0.1:" + gate.port())
            .contains("not an outage")
            .contains("Retrying " + (Consumers.AUTH_FAILURE_LIMIT - 1) + " more time(s)");
        assertThat(errors.get(1))
            .contains(Consumers.AUTH_FAILURE_LIMIT + " times in a row; stopped retrying");
        assertThat(warnings())
            .as("amqp-client's own repeats are silenced")
            .noneMatch(m -> m.startsWith("com.rabbitmq"));
        assertThatThrownBy(
                () ->
                    t.publish(
                            new Destination.Topic("openstack", "x"),
                            "1".getBytes(StandardCharsets.UTF_8),
                            PublishOptions.DEFAULT)
                        .get(10, TimeUnit.SECONDS))
            .hasMessageContaining("stopped retrying");
        assertNoPassword();
      }
    }
  }

  private List<String> errors() {
    return atLevel(Level.ERROR);
  }

  private List<String> warnings() {
    return atLevel(Level.WARN);
  }

  private List<String> atLevel(Level level) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
        .toList();
  }

  private void assertNoPassword() {
    assertThat(logs.list)
        .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(PASSWORD));
  }
}
