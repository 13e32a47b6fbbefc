package dev.bosun.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.transport.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RequestContextTest {
  private final MessageCodec codec = MessageCodec.create();

  @Test
  void generatesARequestIdInOslosForm() {
    RequestContext first = RequestContext.create();
    RequestContext second = RequestContext.create();

    assertThat(first.requestId())
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
    assertThat(context.requestId()).isEqualTo("req-42");
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
  void anEmptyMessageGivesAnAnonymousContext() {
    RequestContext context = RequestContext.unpackFrom(codec.newMessage());

    assertThat(context.userId()).isEmpty();
    assertThat(context.roles()).isEmpty();
    assertThat(context.requestId()).startsWith("req-");
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
  void wrongTypesForModelledKeysAreNamed() {
    ObjectNode message = codec.newMessage();
    message.putObject("_context_user_id");

    assertThatThrownBy(() -> RequestContext.unpackFrom(message))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'user_id' must be a string");
  }

  @Test
  void extraRefusesModelledKeys() {
    assertThatThrownBy(() -> RequestContext.builder().extra("request_id", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request_id");
  }
}
