package dev.bosun.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.transport.MessageCodec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RequestContextTest {
  private final MessageCodec codec = MessageCodec.create();

  @Test
  void generatesARequestIdInOslosForm() {
    RequestContext first = RequestContext.create();
    RequestContext second = RequestContext.create();

    assertThat(first.requestId().orElseThrow())
        .matches("req-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(first.requestId()).isNotEqualTo(second.requestId());
  }

  @Test
  void packsIntoContextKeysInTheCapturedOrder() {
    RequestContext context =
        RequestContext.builder()
            .userId("u1")
            .projectId("p1")
            .requestId("req-42")
            .roles(List.of("member"))
            .build();
    ObjectNode message = codec.newMessage().put("method", "add");

    context.packInto(message);

    assertThat(codec.toJson(message))
        .isEqualTo(
            "{\"method\": \"add\", "
                + "\"_context_user_id\": \"u1\", \"_context_project_id\": \"p1\", "
                + "\"_context_request_id\": \"req-42\", \"_context_roles\": [\"member\"], "
                + "\"_context_is_admin\": false, \"_context_read_only\": false, "
                + "\"_context_show_deleted\": false, \"_context_user\": \"u1\", \"_context_project\": \"p1\"}");
  }

  @Test
  void unpackRemovesContextKeysAndKeepsUnknownOnesAsExtras() {
    ObjectNode message =
        codec.decode(
            ("{\"oslo.version\": \"2.0\", \"oslo.message\": "
                    + "\"{\\\"method\\\": \\\"record\\\", \\\"_context_user_id\\\": \\\"u1\\\", "
                    + "\\\"_context_project\\\": \\\"p1\\\", \\\"_context_request_id\\\": \\\"req-42\\\", "
                    + "\\\"_context_roles\\\": [\\\"member\\\", \\\"admin\\\"], \\\"_context_is_admin\\\": true, "
                    + "\\\"_context_auth_token\\\": \\\"secret-token\\\", "
                    + "\\\"_context_global_request_id\\\": null}\"}")
                .getBytes(StandardCharsets.UTF_8));

    RequestContext context = RequestContext.unpackFrom(message);

    assertThat(codec.toJson(message)).isEqualTo("{\"method\": \"record\"}");
    assertThat(context.requestId()).contains("req-42");
    assertThat(context.userId()).contains("u1");
    assertThat(context.projectId()).contains("p1");
    assertThat(context.roles()).containsExactly("member", "admin");
    assertThat(context.isAdmin()).isTrue();
    assertThat(context.globalRequestId()).isEmpty();
    assertThat(context.extra("auth_token").orElseThrow().stringValue()).isEqualTo("secret-token");
    assertThat(context.toString()).contains("auth_token=***").doesNotContain("secret-token");
  }

  @Test
  void packThenUnpackGivesAnEqualContext() {
    RequestContext context =
        RequestContext.builder()
            .userId("u")
            .projectId("p")
            .globalRequestId("req-g")
            .roles(List.of("reader"))
            .readOnly(true)
            .showDeleted(true)
            .extra("remote_address", "10.0.0.1")
            .build();
    ObjectNode message = codec.newMessage();
    context.packInto(message);

    RequestContext back = RequestContext.unpackFrom(codec.decode(codec.encode(message)));

    assertThat(back).isEqualTo(context);
  }

  @Test
  void anEmptyMessageGivesAnEmptyContextWithNothingInvented() {
    RequestContext context = RequestContext.unpackFrom(codec.newMessage());

    assertThat(context.userId()).isEmpty();
    assertThat(context.roles()).isEmpty();
    assertThat(context.requestId()).isEmpty();
    assertThat(context.values()).isEmpty();
    ObjectNode again = codec.newMessage();
    context.packInto(again);
    assertThat(again.isEmpty()).isTrue();
  }

  /** Issue 13 item 4: the endpoint sees the caller's dictionary, every key stripped once. */
  @Test
  void unpackKeepsExactlyWhatTheCallerSentAndStripsThePrefixOnce() {
    ObjectNode message =
        (ObjectNode)
            codec
                .mapper()
                .readTree(
                    "{\"method\": \"m\", \"_context_\": 1, \"_context__context_x\": 2,"
                        + " \"_context_user_id\": \"u1\", \"_context_tags\": [\"a\", {\"b\": null}],"
                        + " \"_context_big\": 123456789012345678901234567890, \"other\": 3}");

    RequestContext context = RequestContext.unpackFrom(message);

    assertThat(message.propertyNames()).containsExactly("method", "other");
    assertThat(context.values())
        .containsExactly(
            Map.entry("", 1L),
            Map.entry("_context_x", 2L),
            Map.entry("user_id", "u1"),
            Map.entry("tags", List.of("a", Collections.singletonMap("b", null))),
            Map.entry("big", new BigInteger("123456789012345678901234567890")));
    assertThat(context.requestId()).isEmpty();
    assertThat(context.isAdmin()).isFalse();
    assertThatThrownBy(() -> context.values().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    ObjectNode repacked = codec.newMessage();
    context.packInto(repacked);
    assertThat(repacked.propertyNames())
        .containsExactly(
            "_context_",
            "_context__context_x",
            "_context_user_id",
            "_context_tags",
            "_context_big");
  }

  /** Issue 13 item 4: oslo serves these; the typed view reads them leniently, loses nothing. */
  @Test
  void valuesOfUnexpectedTypesNeverFailAndAreKept() {
    ObjectNode message =
        (ObjectNode)
            codec
                .mapper()
                .readTree(
                    "{\"_context_roles\": \"admin\", \"_context_is_admin\": \"True\","
                        + " \"_context_read_only\": \"False\", \"_context_user_id\": {\"a\": 1},"
                        + " \"_context_user\": [\"u\"], \"_context_request_id\": 7,"
                        + " \"_context_show_deleted\": {}, \"_context_project_id\": null}");

    RequestContext context = RequestContext.unpackFrom(message);

    assertThat(context.roles()).containsExactly("admin");
    assertThat(context.isAdmin()).isTrue();
    assertThat(context.readOnly()).isFalse();
    assertThat(context.showDeleted()).isFalse();
    assertThat(context.userId()).isEmpty();
    assertThat(context.projectId()).isEmpty();
    assertThat(context.requestId()).contains("7");
    assertThat(context.values())
        .containsEntry("roles", "admin")
        .containsEntry("is_admin", "True")
        .containsEntry("user_id", Map.of("a", 1L))
        .containsEntry("project_id", null)
        .hasSize(8);
    assertThat(context.toBuilder().build()).isEqualTo(context);
    assertThat(context.toBuilder().userId("u2").build().values())
        .containsEntry("user_id", "u2")
        .containsEntry("is_admin", "True")
        .hasSize(8);
  }

  @Test
  void notificationContextKeepsOnlyTheAllowList() {
    RequestContext context =
        RequestContext.builder()
            .userId("u1")
            .projectId("p1")
            .requestId("req-1")
            .extra("auth_token", "t")
            .extra("user_name", "alice")
            .build();
    ObjectNode message = codec.newMessage();

    context.packForNotificationInto(message);

    assertThat(message.propertyNames())
        .containsExactly(
            "_context_user_id",
            "_context_project_id",
            "_context_request_id",
            "_context_roles",
            "_context_is_admin",
            "_context_user",
            "_context_user_name");
  }

  @Test
  void extraRefusesModelledKeys() {
    assertThatThrownBy(() -> RequestContext.builder().extra("request_id", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request_id");
  }
}
