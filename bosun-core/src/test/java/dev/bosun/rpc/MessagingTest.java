package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.context.RequestContext;
import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import dev.bosun.notify.Notifier;
import dev.bosun.service.ManagerService;
import dev.bosun.servicegroup.ServiceRecord;
import dev.bosun.servicegroup.ServiceRegistration;
import dev.bosun.servicegroup.ServiceStore;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.MessagingOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** A manager's messaging built from the configuration, on the memory transport. */
class MessagingTest {
  private static final String HOST = "host1";

  @RpcApi(topic = "volume", version = "1.3")
  public interface VolumeApi {
    @Since("1.0")
    String createVolume(RequestContext context, int size);

    @Since("1.3")
    String createTypedVolume(RequestContext context, int size, String volumeType);
  }

  public static final class VolumeEndpoint implements VolumeApi {
    @Override
    public String createVolume(RequestContext context, int size) {
      return "created " + size;
    }

    @Override
    public String createTypedVolume(RequestContext context, int size, String volumeType) {
      return "created " + size + " " + volumeType;
    }
  }

  private final String bus = "messaging-" + UUID.randomUUID();
  private final Transport transport = Transports.open(TransportUrl.parse("memory://" + bus));
  private final MessageCodec codec = MessageCodec.create();
  private final RequestContext context = RequestContext.builder().build();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    transport.close();
  }

  @Test
  void theNotifierPublishesAsServiceDotHostWithTheConfiguredDriversTopicsAndExchange()
      throws Exception {
    Config config =
        config(
            Map.of(),
            MessagingOptions.NOTIFICATION_DRIVER.commandLineName(),
            "messaging",
            MessagingOptions.NOTIFICATION_TOPICS.commandLineName(),
            "alpha,beta",
            MessagingOptions.CONTROL_EXCHANGE.commandLineName(),
            "nova");
    BlockingQueue<byte[]> alpha = listen(transport, "nova", "alpha.warn");
    BlockingQueue<byte[]> beta = listen(transport, "nova", "beta.warn");
    Messaging messaging = messaging(config, "volume");

    Notifier notifier = messaging.notifier();
    notifier.warn(context, "volume.usage", Map.of("gb", 10)).get(10, TimeUnit.SECONDS);

    for (BlockingQueue<byte[]> queue : List.of(alpha, beta)) {
      MessageCodec.Decoded decoded = codec.decodeWithFormat(queue.poll(10, TimeUnit.SECONDS));
      assertThat(decoded.format()).isEqualTo(MessageCodec.Format.BARE_1_0);
      assertThat(decoded.message().get("publisher_id").stringValue()).isEqualTo("volume.host1");
      assertThat(decoded.message().get("event_type").stringValue()).isEqualTo("volume.usage");
      assertThat(decoded.message().get("priority").stringValue()).isEqualTo("WARN");
    }
    assertThat(messaging.notifier()).isSameAs(notifier);
  }

  @Test
  void withoutADriverNothingIsSentAndTheNotificationTransportIsNotEvenOpened() throws Exception {
    // rabbit:// has no provider in bosun-core: opening it would fail the build
    Config config =
        config(
            Map.of(),
            MessagingOptions.NOTIFICATION_TRANSPORT_URL.commandLineName(),
            "rabbit://nowhere/");
    BlockingQueue<byte[]> received = listen(transport, "openstack", "notifications.info");
    Messaging messaging = messaging(config, "volume");

    assertThat(messaging.notifier().isEnabled()).isFalse();
    assertThat(messaging.notifier().info(context, "volume.nothing", Map.of())).isCompleted();
    sendMarker(transport);

    assertThat(eventType(received.poll(10, TimeUnit.SECONDS))).isEqualTo("test.marker");
  }

  @Test
  void notificationsUseTheirOwnTransportWhenOneIsConfiguredAndItClosesWithTheMessaging()
      throws Exception {
    String notificationBus = "memory://notifications-" + UUID.randomUUID();
    Transport elsewhere = Transports.open(TransportUrl.parse(notificationBus));
    toClose.add(elsewhere);
    BlockingQueue<byte[]> onNotificationBus = listen(elsewhere, "openstack", "notifications.info");
    BlockingQueue<byte[]> onRpcBus = listen(transport, "openstack", "notifications.info");
    Config config =
        config(
            Map.of(),
            MessagingOptions.NOTIFICATION_DRIVER.commandLineName(),
            "messagingv2",
            MessagingOptions.NOTIFICATION_TRANSPORT_URL.commandLineName(),
            notificationBus);
    Messaging messaging = messaging(config, "volume");

    messaging
        .notifier()
        .info(context, "volume.create.end", Map.of("id", 7))
        .get(10, TimeUnit.SECONDS);
    sendMarker(transport);

    byte[] body = onNotificationBus.poll(10, TimeUnit.SECONDS);
    assertThat(eventType(body)).isEqualTo("volume.create.end");
    assertThat(codec.decode(body).get("publisher_id").stringValue()).isEqualTo("volume.host1");
    assertThat(eventType(onRpcBus.poll(10, TimeUnit.SECONDS))).isEqualTo("test.marker");

    messaging.close();

    assertThat(messaging.notifier().info(context, "volume.after.close", Map.of()))
        .failsWithin(Duration.ofSeconds(10));
    sendMarker(transport); // the RPC transport it was given stays open
    assertThat(eventType(onRpcBus.poll(10, TimeUnit.SECONDS))).isEqualTo("test.marker");
  }

  @Test
  void clientsUseTheConfiguredExchangeAndATypedClientReachesItsTopic() {
    Config config =
        config(
            Map.of(),
            MessagingOptions.CONTROL_EXCHANGE.commandLineName(),
            "bosun-test",
            MessagingOptions.RPC_RESPONSE_TIMEOUT.commandLineName(),
            "7s");
    RpcServer server =
        RpcServer.builder(transport)
            .controlExchange("bosun-test")
            .target(Target.topic("volume").withServer("volume-host"))
            .endpoint(new VolumeEndpoint())
            .build();
    server.start();
    toClose.add(server::stop);
    Messaging messaging = messaging(config, "scheduler");

    assertThat(messaging.client(VolumeApi.class).createTypedVolume(context, 5, "ssd"))
        .isEqualTo("created 5 ssd");
    RpcClient untyped = messaging.client(Target.topic("volume"));
    assertThat(untyped.timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(untyped.call(context, "create_volume", Map.of("size", 3), String.class))
        .contains("created 3");
  }

  @Test
  void aFixedCapFromTheEnvironmentIsReadWhenTheFirstClientOfTheTopicIsMade() {
    Config config = config(Map.of("BOSUN_UPGRADE_LEVELS__VOLUME", "1.2"));
    assertThat(config.option(Messaging.UPGRADE_LEVELS, "volume")).isEmpty();
    Messaging messaging = messaging(config, "scheduler");

    VolumeApi volume = messaging.client(VolumeApi.class);

    assertThat(config.option(Messaging.UPGRADE_LEVELS, "volume")).isPresent();
    assertThat(messaging.versionCap("volume").current()).contains(Version.parse("1.2"));
    assertThatThrownBy(() -> volume.createTypedVolume(context, 1, "ssd"))
        .isInstanceOf(VersionCapException.class);
    // under the cap it is sent; nobody serves the topic, which is said at once
    assertThatThrownBy(() -> volume.createVolume(context, 1))
        .isInstanceOf(MessageUndeliverableException.class);
    assertThat(messaging.client(Target.topic("volume")).canSendVersion("1.3")).isFalse();
    assertThat(messaging.client(Target.topic("backup")).versionCap()).isEqualTo(VersionCap.none());
  }

  @Test
  void topicsDeclaredUpFrontCanBeCappedOnTheCommandLine() {
    Config config =
        Config.builder()
            .environment(Map.of())
            .register(Messaging.upgradeLevels(List.of("volume", "cinder-backup")))
            .args(
                List.of(
                    Messaging.upgradeLevel("volume").commandLineName(),
                    "1.1",
                    Messaging.upgradeLevel("cinder-backup").commandLineName(),
                    "2.0"))
            .build();
    Messaging messaging = messaging(config, "scheduler");

    assertThat(messaging.client(Target.topic("volume")).versionCap().current())
        .contains(Version.parse("1.1"));
    assertThat(messaging.client(Target.topic("cinder-backup")).versionCap().current())
        .contains(Version.parse("2.0"));
  }

  @Test
  void anAutomaticCapFollowsTheOldestServiceAndIsReadAgainAfterReset() {
    MutableClock clock = new MutableClock();
    ServiceStore store = ServiceStore.inMemory(clock, Duration.ofSeconds(60));
    toClose.add(store);
    ServiceRecord old =
        store.register(ServiceRegistration.create("old-host", "bosun-volume", "volume", 1, "1.2"));
    ServiceRecord current =
        store.register(ServiceRegistration.create("new-host", "bosun-volume", "volume", 2, "1.3"));
    store.reportState(old.id());
    store.reportState(current.id());
    Config config = config(Map.of("BOSUN_UPGRADE_LEVELS__VOLUME", "auto"));
    Messaging messaging =
        messaging(
            Messaging.builder(config, transport).host(HOST).serviceName("scheduler").store(store));
    VolumeApi volume = messaging.client(VolumeApi.class);

    assertThat(messaging.versionCap("volume").current()).contains(Version.parse("1.2"));
    assertThatThrownBy(() -> volume.createTypedVolume(context, 1, "ssd"))
        .isInstanceOf(VersionCapException.class);

    store.delete("old-host", "bosun-volume");
    assertThat(messaging.versionCap("volume").current())
        .as("cached until reset")
        .contains(Version.parse("1.2"));
    messaging.reset();

    assertThat(messaging.versionCap("volume").current()).contains(Version.parse("1.3"));
    assertThatThrownBy(() -> volume.createTypedVolume(context, 1, "ssd"))
        .as("sent now: nobody serves the topic in this test")
        .isInstanceOf(MessageUndeliverableException.class);
  }

  @Test
  void aManagerServiceResetsTheMessagingOfItsManagerOnSighup() {
    MutableClock clock = new MutableClock();
    ServiceStore store = ServiceStore.inMemory(clock, Duration.ofSeconds(60));
    toClose.add(store);
    ServiceRecord old =
        store.register(ServiceRegistration.create("old-host", "bosun-volume", "volume", 1, "1.2"));
    store.reportState(old.id());
    store.reportState(
        store
            .register(ServiceRegistration.create("new-host", "bosun-volume", "volume", 2, "1.3"))
            .id());
    Config config = config(Map.of("BOSUN_UPGRADE_LEVELS__VOLUME", "auto"));
    Messaging messaging =
        messaging(
            Messaging.builder(config, transport).host(HOST).serviceName("scheduler").store(store));
    Manager manager =
        new Manager(ManagerContext.builder(HOST, "scheduler").messaging(messaging).build()) {};
    ManagerService service = ManagerService.builder(manager).periodicEnable(false).build();
    service.start();
    toClose.add(() -> service.stop(Duration.ofSeconds(10)));
    assertThat(manager.messaging().orElseThrow().versionCap("volume").current())
        .contains(Version.parse("1.2"));

    store.delete("old-host", "bosun-volume");
    service.reset();

    assertThat(messaging.versionCap("volume").current()).contains(Version.parse("1.3"));
  }

  @Test
  void autoWithoutAServicesTableAndBadSettingsAreConfigurationErrorsNamingTheOption() {
    Messaging withoutStore =
        messaging(
            config(
                Map.of(
                    "BOSUN_UPGRADE_LEVELS__VOLUME",
                    "auto",
                    "BOSUN_UPGRADE_LEVELS__BACKUP",
                    "one.two")),
            "scheduler");

    assertThatThrownBy(() -> withoutStore.client(VolumeApi.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[upgrade_levels] volume = auto needs the services table");
    assertThatThrownBy(() -> withoutStore.client(Target.topic("backup")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("[upgrade_levels] backup must be 'auto', a version like 1.2")
        .hasMessageContaining("found 'one.two'");
  }

  @Test
  void clientsAreMadeOncePerApiOrTargetAndClosedWithTheMessaging() {
    Messaging messaging = messaging(config(Map.of()), "scheduler");
    VolumeApi typed = messaging.client(VolumeApi.class);
    RpcClient anyVolume = messaging.client(Target.topic("volume"));

    assertThat(messaging.client(VolumeApi.class)).isSameAs(typed);
    assertThat(messaging.client(Target.topic("volume"))).isSameAs(anyVolume);
    assertThat(messaging.client(Target.topic("volume").withServer("h2"))).isNotSameAs(anyVolume);

    messaging.close();
    messaging.close();

    assertThatThrownBy(() -> anyVolume.call(context, "create_volume", Map.of(), String.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> typed.createVolume(context, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> messaging.client(VolumeApi.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("messaging of scheduler@host1 is closed");
  }

  @Test
  void aManagerContextRefusesTheMessagingOfAnotherService() {
    Messaging messaging = messaging(config(Map.of()), "scheduler");

    assertThatThrownBy(() -> ManagerContext.builder(HOST, "volume").messaging(messaging).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "messaging of scheduler@host1 cannot serve the manager of " + "volume@host1");
    assertThat(ManagerContext.builder(HOST, "volume").build().messaging()).isEmpty();
  }

  @Test
  void upgradeLevelsOfUndeclaredTopicsAreNotUnknown(@TempDir Path dir) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("bosun.conf"),
            "[upgrade_levels]\nvolume = auto\n[upgrade_level]\nscheduler = 1.0\n");

    Config withProviders = config(Map.of(), "--config-file", file.toString());
    assertThat(withProviders.warnUnknown())
        .containsExactly(
            file
                + ":3: unknown section [upgrade_level] is ignored; did you mean [upgrade_levels]?");

    Config bare =
        Config.builder()
            .environment(Map.of())
            .args(List.of("--config-file", file.toString()))
            .build();
    messaging(bare, "scheduler");
    assertThat(bare.warnUnknown())
        .containsExactly(
            file
                + ":3: unknown section [upgrade_level] is ignored; did you mean [upgrade_levels]?");
  }

  private static Config config(Map<String, String> environment, String... args) {
    Config.Builder builder = Config.builder().environment(environment).args(List.of(args));
    new MessagingOptions().optionGroups().forEach(builder::register);
    return builder.build();
  }

  private Messaging messaging(Config config, String serviceName) {
    return messaging(Messaging.builder(config, transport).host(HOST).serviceName(serviceName));
  }

  private Messaging messaging(Messaging.Builder builder) {
    Messaging messaging = builder.build();
    toClose.add(messaging);
    return messaging;
  }

  private BlockingQueue<byte[]> listen(Transport on, String exchange, String queue) {
    BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
    toClose.add(
        on.subscribe(
            Source.Shared.of(exchange, queue),
            delivery -> {
              bodies.add(delivery.body());
              delivery.ack();
            }));
    return bodies;
  }

  /** A notification sent after the one under test: the first to arrive proves none came before. */
  private static void sendMarker(Transport on) throws Exception {
    Notifier.builder(on)
        .publisherId("test.marker")
        .drivers(List.of("messagingv2"))
        .build()
        .info(RequestContext.builder().build(), "test.marker", Map.of())
        .get(10, TimeUnit.SECONDS);
  }

  private String eventType(byte[] body) {
    assertThat(body).as("a notification arrived").isNotNull();
    ObjectNode message = codec.decode(body);
    return message.get("event_type").stringValue();
  }
}
