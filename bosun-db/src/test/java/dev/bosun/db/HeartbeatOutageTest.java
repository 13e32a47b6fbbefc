package dev.bosun.db;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bosun.servicegroup.Heartbeat;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.tck.PostgresSchemas;
import dev.bosun.tck.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A real database outage under a running heartbeat: the connection to the database goes through a
 * {@link TcpProxy} that is cut and restored. Covers known problems 7 and 8 (no back-off after
 * recovery; the heartbeat thread survives every failure).
 */
class HeartbeatOutageTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger heartbeatLogger = (Logger) LoggerFactory.getLogger(Heartbeat.class);
  private Server h2Server;
  private TcpProxy proxy;
  private Database direct;
  private Database proxied;
  private Heartbeat heartbeat;
  private String postgresUrl;

  @BeforeEach
  void captureLogs() {
    logs.start();
    heartbeatLogger.addAppender(logs);
    heartbeatLogger.setLevel(Level.DEBUG);
  }

  @AfterEach
  void stopEverything() {
    if (heartbeat != null) {
      heartbeat.stop();
    }
    heartbeatLogger.detachAppender(logs);
    heartbeatLogger.setLevel(null);
    if (proxied != null) {
      proxied.close();
    }
    if (direct != null) {
      direct.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (h2Server != null) {
      h2Server.stop();
    }
    if (postgresUrl != null) {
      PostgresSchemas.drop(postgresUrl);
    }
  }

  @Test
  void heartbeatSurvivesAnH2OutageAndResumesAtTheNextInterval() throws Exception {
    h2Server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-tcpDaemon").start();
    String database = "mem:outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    direct = Database.open("jdbc:h2:tcp://127.0.0.1:" + h2Server.getPort() + "/" + database);
    proxy = TcpProxy.create(h2Server.getPort());
    proxied =
        Database.builder("jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/" + database)
            .poolTimeout(Duration.ofMillis(500))
            .statementTimeout(Duration.ofSeconds(2))
            .open();

    runOutage();
  }

  @Test
  void heartbeatSurvivesAPostgresqlOutageAndResumesAtTheNextInterval() throws Exception {
    postgresUrl = PostgresSchemas.create();
    direct = Database.open(postgresUrl);
    proxy = TcpProxy.create(5432);
    proxied =
        Database.builder(postgresUrl.replace(":5432/", ":" + proxy.port() + "/"))
            .poolTimeout(Duration.ofMillis(500))
            .statementTimeout(Duration.ofSeconds(2))
            .open();

    runOutage();
  }

  private void runOutage() {
    direct.sync();
    ServiceStore observer = direct.serviceStore(Duration.ofSeconds(60));
    ServiceStore beating = proxied.serviceStore(Duration.ofSeconds(60));
    ServiceRecord service =
        beating.register(ServiceRegistration.create("host1", "bosun-volume", "volume", 1, "1.0"));
    heartbeat =
        Heartbeat.builder(beating, service)
            .reportInterval(Duration.ofMillis(100))
            .initialDelay(Duration.ZERO)
            .build();
    heartbeat.start();
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> observer.get("host1", "bosun-volume").reportCount() >= 2);

    proxy.cut();
    Awaitility.await().atMost(WAIT).until(() -> heartbeat.status().consecutiveFailures() >= 3);
    long countDuringOutage = observer.get("host1", "bosun-volume").reportCount();

    List<String> lost = messages(Level.ERROR, "Lost connection to the database");
    assertThat(lost).as("logged once for several failed beats").hasSize(1);
    assertThat(lost.get(0))
        .contains("volume@host1")
        .contains(proxied.describe())
        .contains("will resume when it is back")
        .contains("Cause:");

    proxy.restore();
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> observer.get("host1", "bosun-volume").reportCount() > countDuringOutage);
    Awaitility.await().atMost(WAIT).until(() -> !heartbeat.status().failing());

    assertThat(messages(Level.INFO, "Reconnected")).hasSize(1);
    assertThat(messages(Level.ERROR, "Lost connection")).hasSize(1);
    assertThat(heartbeat.status().serviceId())
        .as("the row was not recreated")
        .isEqualTo(service.id());
    assertThat(observer.get("host1", "bosun-volume").up()).isTrue();
  }

  private List<String> messages(Level level, String containing) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains(containing))
        .collect(Collectors.toList());
  }
}
