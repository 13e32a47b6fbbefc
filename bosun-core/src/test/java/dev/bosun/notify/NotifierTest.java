package dev.bosun.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.Source;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NotifierTest {
  private final Transport transport = Transports.open(TransportUrl.parse("memory://notifier-test"));
  private final MessageCodec codec = MessageCodec.create();

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void timestampIsPythonsUtcNowString() {
    assertThat(Notifier.timestamp(clockAt("2026-11-21T23:52:34.099442123Z")))
        .isEqualTo("2026-11-21 23:52:34.099442");
    assertThat(Notifier.timestamp(clockAt("2024-01-02T03:04:05Z")))
        .isEqualTo("2024-01-02 03:04:05");
  }

  @Test
  void publishesTheSpecBodyInTheEnvelope() throws Exception {
    BlockingQueue<byte[]> bodies = new LinkedBlockingQueue<>();
    transport.subscribe(
        Source.Shared.of("openstack", "notifications.info"),
        d -> {
          bodies.add(d.body());
          d.ack();
        });
    Notifier notifier =
        Notifier.builder(transport)
            .publisherId("compute.host1")
            .drivers(List.of("messagingv2"))
            .clock(clockAt("2026-11-21T23:52:34.099442Z"))
            .build();
    RequestContext context =
        RequestContext.builder()
            .userId("u1")
            .projectId("p1")
            .requestId("req-1")
            .extra("auth_token", "secret")
            .build();

    notifier
        .info(context, "compute.instance.create.end", Map.of("instance_id", "abc"))
        .get(10, TimeUnit.SECONDS);

    byte[] body = bodies.poll(10, TimeUnit.SECONDS);
    MessageCodec.Decoded decoded = codec.decodeWithFormat(body);
    assertThat(decoded.format()).isEqualTo(MessageCodec.Format.ENVELOPE_2_0);
    ObjectNode message = decoded.message();
    assertThat(message.propertyNames())
        .startsWith(
            "message_id",
            "publisher_id",
            "event_type",
            "priority",
            "payload",
            "timestamp",
            "_unique_id",
            "_context_user_id");
    assertThat(message.get("message_id").stringValue())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(message.get("_unique_id").stringValue()).matches("[0-9a-f]{32}");
    assertThat(message.get("priority").stringValue()).isEqualTo("INFO");
    assertThat(message.get("timestamp").stringValue()).isEqualTo("2026-11-21 23:52:34.099442");
    assertThat(codec.toJson(message.get("payload"))).isEqualTo("{\"instance_id\": \"abc\"}");
    assertThat(message.has("_context_auth_token")).isFalse();
  }

  @Test
  void noDriverSendsNothingAndUnknownDriversAreNamed() {
    Notifier notifier = Notifier.builder(transport).publisherId("x.h").build();
    assertThat(notifier.isEnabled()).isFalse();
    assertThatThrownBy(() -> Notifier.builder(transport).drivers(List.of("routing")))
        .hasMessageContaining("Unknown notification driver 'routing'")
        .hasMessageContaining("messagingv2, messaging, log, noop");
  }

  private static Clock clockAt(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }
}
