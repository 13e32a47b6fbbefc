package dev.bosun.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bosun.tck.ExternalServices;
import dev.bosun.tck.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code bosun run} before its database is up: {@link Database#awaitReachable()} waits through a
 * {@link TcpProxy} that refuses at first, as oslo.db does with {@code [database] max_retries} and
 * {@code retry_interval}.
 */
class AwaitReachableTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger databaseLogger = (Logger) LoggerFactory.getLogger(Database.class);
  private Server h2Server;
  private TcpProxy proxy;
  private Database database;
  private String url;

  @BeforeEach
  void startADatabaseBehindAClosedProxy() throws Exception {
    logs.start();
    databaseLogger.addAppender(logs);
    h2Server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-tcpDaemon").start();
    proxy = TcpProxy.create(h2Server.getPort());
    proxy.cut();
    url =
        "jdbc:h2:tcp://127.0.0.1:"
            + proxy.port()
            + "/mem:late-"
            + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=s3cret";
  }

  @AfterEach
  void stopEverything() {
    databaseLogger.detachAppender(logs);
    if (database != null) {
      database.close();
    }
    proxy.close();
    h2Server.stop();
  }

  @Test
  void waitsUntilTheDatabaseAnswersLoggingEachFailedAttempt() throws Exception {
    database =
        Database.builder(url)
            .poolTimeout(Duration.ofMillis(500))
            .maxRetries(-1)
            .retryInterval(Duration.ofMillis(100))
            .open();

    CompletableFuture<Void> waiting = CompletableFuture.runAsync(database::awaitReachable);
    Awaitility.await().atMost(WAIT).until(() -> warnings().size() >= 2);
    assertThat(waiting).isNotDone();
    proxy.restore();
    waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(warnings().get(0))
        .contains(database.describe())
        .doesNotContain("s3cret")
        .contains("attempt 1 of unlimited")
        .contains("trying again in 100 ms");
    assertThat(warnings().get(1)).contains("attempt 2 of unlimited");
    assertThat(messages(Level.INFO))
        .anySatisfy(m -> assertThat(m).contains(database.describe()).contains("answers after"));
    assertThat(database.sync().status()).isEqualTo(SchemaVersion.Status.CURRENT);
  }

  @Test
  void givesUpAfterMaxRetriesNamingTheDatabase() {
    database =
        Database.builder(url)
            .poolTimeout(Duration.ofMillis(500))
            .maxRetries(2)
            .retryInterval(Duration.ofMillis(100))
            .open();

    assertThatThrownBy(database::awaitReachable)
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining(database.describe())
        .hasMessageContaining("did not answer after 3 attempt(s)")
        .hasMessageContaining("[database] max_retries")
        .hasMessageNotContaining("s3cret");
    assertThat(warnings()).hasSize(2);
    assertThat(warnings().get(1)).contains("attempt 2 of 3");
  }

  @Test
  void aReachableDatabaseIsNotWaitedFor() {
    proxy.restore();
    database = Database.builder(url).maxRetries(0).open();

    database.awaitReachable();

    assertThat(warnings()).isEmpty();
  }

  @Test
  void aRefusedLoginIsNotRetried() {
    ExternalServices.assumeReachable(ExternalServices.POSTGRESQL);
    database =
        Database.builder(
                "jdbc:postgresql://127.0.0.1:5432/test"
                    + "?user=bosun_no_such_role&password=s3cret")
            .poolTimeout(Duration.ofMillis(500))
            .maxRetries(3)
            .retryInterval(Duration.ofMillis(100))
            .open();

    assertThatThrownBy(database::awaitReachable)
        .isInstanceOf(DatabaseException.class)
        .hasMessageContaining("refused the connection")
        .hasMessageContaining("bosun_no_such_role")
        .hasMessageNotContaining("s3cret");
    assertThat(warnings()).as("waiting cannot fix a login").isEmpty();
  }

  private List<String> warnings() {
    return messages(Level.WARN);
  }

  private List<String> messages(Level level) {
    List<ILoggingEvent> events;
    synchronized (logs) { // appends hold the appender's lock
      events = List.copyOf(logs.list);
    }
    return events.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
