package dev.bosun.notify;

import dev.bosun.context.RequestContext;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * A received notification: what oslo hands an endpoint as {@code (ctxt, publisher_id, event_type,
 * payload, metadata)}.
 *
 * @param context the sender's context, unpacked from {@code _context_*} (anonymous, with a fresh
 *     request id, when the sender packed none)
 * @param messageId the body's {@code message_id}, empty if the sender set none
 * @param timestamp the body's {@code timestamp} as sent ({@code "YYYY-MM-DD HH:MM:SS.ffffff"},
 *     UTC), empty if the sender set none
 */
public record Notification(
    RequestContext context,
    Priority priority,
    String publisherId,
    String eventType,
    JsonNode payload,
    String messageId,
    String timestamp) {
  public Notification {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(publisherId, "publisherId");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
