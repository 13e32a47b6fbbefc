package dev.bosun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.config.Config;
import dev.bosun.manager.ConfigView;
import dev.bosun.manager.ManagerContext;
import dev.bosun.notify.Notification;
import dev.bosun.notify.NotificationEndpoint;
import dev.bosun.notify.NotificationListener;
import dev.bosun.notify.NotificationResult;
import dev.bosun.notify.Priority;
import dev.bosun.rpc.Messaging;
import dev.bosun.service.ManagerService;
import dev.bosun.transport.MessagingOptions;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo manager's status notification, with a messaging driver on the memory transport. */
class DemoNotificationTest {

  @Test
  void theDemoServicePublishesItsStatusAsDemoDotHost() throws Exception {
    Config config =
        Config.builder()
            .environment(Map.of())
            .register(MessagingOptions.NOTIFICATION_DRIVER)
            .args(List.of(MessagingOptions.NOTIFICATION_DRIVER.commandLineName(), "messagingv2"))
            .build();
    BlockingQueue<Notification> received = new LinkedBlockingQueue<>();
    try (Transport transport =
            Transports.open(TransportUrl.parse("memory://demo-notify-" + UUID.randomUUID()));
        NotificationListener listener =
            NotificationListener.builder(transport)
                .target("openstack", "notifications")
                .endpoint(
                    NotificationEndpoint.on(
                        Priority.INFO,
                        notification -> {
                          received.add(notification);
                          return NotificationResult.HANDLED;
                        }))
                .build();
        Messaging messaging =
            Messaging.builder(config, transport).host("node7").serviceName("demo").build()) {
      listener.start();
      DemoManager manager =
          new DemoManager(
              ManagerContext.builder("node7", "demo")
                  .config(ConfigView.of(config))
                  .messaging(messaging)
                  .build());
      ManagerService service =
          ManagerService.builder(manager).periodicFuzzyDelay(Duration.ZERO).build();
      service.start();
      Notification notification;
      try {
        notification = received.poll(30, TimeUnit.SECONDS);
      } finally {
        service.stop(Duration.ofSeconds(10));
      }

      assertThat(notification).as("a notification arrived").isNotNull();
      assertThat(notification.publisherId()).isEqualTo("demo.node7");
      assertThat(notification.eventType()).isEqualTo("demo.status.report");
      assertThat(notification.priority()).isEqualTo(Priority.INFO);
      assertThat(notification.payload().get("host").stringValue()).isEqualTo("node7");
      assertThat(notification.payload().get("tasks").has("fast_tick")).isTrue();
      assertThat(manager.statusReportsSent()).isPositive();
    }
  }

  @Test
  void withTheDefaultConfigurationTheDemoSendsNothing() {
    Config config = Config.builder().environment(Map.of()).build();
    try (Transport transport =
            Transports.open(TransportUrl.parse("memory://demo-quiet-" + UUID.randomUUID()));
        Messaging messaging =
            Messaging.builder(config, transport).host("node7").serviceName("demo").build()) {
      DemoManager manager =
          new DemoManager(ManagerContext.builder("node7", "demo").messaging(messaging).build());

      manager.reportStatus();

      assertThat(manager.statusReportsSent()).isZero();
    }
  }
}
