package dev.bosun.notify;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Transport;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes notifications: oslo's {@code Notifier} (wire spec §10.1, §10.2).
 *
 * <p>The drivers, named as in {@code [oslo_messaging_notifications] driver}, decide what happens:
 * {@code messagingv2} publishes the 2.0 envelope, {@code messaging} the bare 1.0 body, {@code log}
 * writes the notification to the logger {@code oslo.messaging.notification.<event_type>}, {@code
 * noop} does nothing. Several may be given; none (oslo's default) means nothing is sent. The
 * messaging drivers publish, for each of {@code topics} (default {@code notifications}), to the
 * control exchange (default {@code openstack}) with routing key {@code <topic>.<priority>}; the
 * transport declares that queue, so notifications wait for a listener.
 *
 * <p>The body is exactly oslo's: {@code message_id} (uuid4 with dashes), {@code publisher_id},
 * {@code event_type}, {@code priority} (upper case), {@code payload}, {@code timestamp} (UTC,
 * {@code "YYYY-MM-DD HH:MM:SS.ffffff"}, fraction omitted when zero), a fresh {@code _unique_id} per
 * published message, and the context sanitized to oslo 14.0.3's allow-list.
 *
 * <p>Immutable and thread-safe; {@link #prepare()} derives a notifier with other settings sharing
 * the transport. Sending runs on the caller's thread up to the transport's hand-over; the returned
 * future completes when every driver has handed the notification over. A failure is logged (the
 * notification is lost) and also completes the future exceptionally.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final List<String> DRIVERS = List.of("messagingv2", "messaging", "log", "noop");

  private final Transport transport;
  private final MessageCodec codec = MessageCodec.create();
  private final String publisherId;
  private final List<String> drivers;
  private final List<String> topics;
  private final String exchange;
  private final Clock clock;
  private final boolean enabled;

  private Notifier(Builder b) {
    this.transport = b.transport;
    this.publisherId = Objects.requireNonNull(b.publisherId, "publisherId"); // checked by build()
    this.drivers = List.copyOf(b.drivers);
    this.topics = List.copyOf(b.topics);
    this.exchange = b.exchange;
    this.clock = b.clock;
    this.enabled = drivers.stream().anyMatch(d -> !d.equals("noop"));
  }

  /** A builder for a notifier publishing on {@code transport}. */
  public static Builder builder(Transport transport) {
    return new Builder(Objects.requireNonNull(transport, "transport"));
  }

  /** A builder holding this notifier's settings, for a variant: oslo's {@code prepare()}. */
  public Builder prepare() {
    Builder b = new Builder(transport);
    b.publisherId = publisherId;
    b.drivers = drivers;
    b.topics = topics;
    b.exchange = exchange;
    b.clock = clock;
    return b;
  }

  public String publisherId() {
    return publisherId;
  }

  /**
   * Whether any driver sends anything (oslo's {@code is_enabled()}). A field read: when it is
   * false, sending a notification returns at once without building the message, so code may notify
   * freely; check it first only to avoid building an expensive payload.
   */
  public boolean isEnabled() {
    return enabled;
  }

  public CompletableFuture<Void> audit(RequestContext context, String eventType, Object payload) {
    return notify(context, Priority.AUDIT, eventType, payload);
  }

  public CompletableFuture<Void> debug(RequestContext context, String eventType, Object payload) {
    return notify(context, Priority.DEBUG, eventType, payload);
  }

  public CompletableFuture<Void> info(RequestContext context, String eventType, Object payload) {
    return notify(context, Priority.INFO, eventType, payload);
  }

  /** A {@code WARN} notification (oslo's {@code warn()} and {@code warning()}). */
  public CompletableFuture<Void> warn(RequestContext context, String eventType, Object payload) {
    return notify(context, Priority.WARN, eventType, payload);
  }

  public CompletableFuture<Void> error(RequestContext context, String eventType, Object payload) {
    return notify(context, Priority.ERROR, eventType, payload);
  }

  public CompletableFuture<Void> critical(
      RequestContext context, String eventType, Object payload) {
    return notify(context, Priority.CRITICAL, eventType, payload);
  }

  public CompletableFuture<Void> sample(RequestContext context, String eventType, Object payload) {
    return notify(context, Priority.SAMPLE, eventType, payload);
  }

  /** Sends a notification carrying {@code context} (sanitized). */
  public CompletableFuture<Void> notify(
      RequestContext context, Priority priority, String eventType, Object payload) {
    Objects.requireNonNull(context, "context");
    return send(context, priority, eventType, payload);
  }

  /** Sends a notification without context keys, like oslo given an empty context. */
  public CompletableFuture<Void> notify(Priority priority, String eventType, Object payload) {
    return send(null, priority, eventType, payload);
  }

  private CompletableFuture<Void> send(
      @Nullable RequestContext context, Priority priority, String eventType, Object payload) {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(eventType, "eventType");
    if (eventType.isBlank()) {
      throw new IllegalArgumentException("eventType must not be blank, found '" + eventType + "'");
    }
    if (!isEnabled()) {
      return CompletableFuture.completedFuture(null);
    }
    ObjectNode base = codec.newMessage();
    base.put("message_id", UUID.randomUUID().toString());
    base.put("publisher_id", publisherId);
    base.put("event_type", eventType);
    base.put("priority", priority.wireName());
    base.set("payload", toJson(payload));
    base.put("timestamp", timestamp(clock));
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (String driver : drivers) {
      switch (driver) {
        case "messagingv2":
        case "messaging":
          for (String topic : topics) {
            sends.add(publish(base, context, priority, topic, driver.equals("messagingv2")));
          }
          break;
        case "log":
          log(base, priority, eventType);
          break;
        default:
          break;
      }
    }
    return CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0]));
  }

  private CompletableFuture<Void> publish(
      ObjectNode base,
      @Nullable RequestContext context,
      Priority priority,
      String topic,
      boolean envelope) {
    ObjectNode message = base.deepCopy();
    message.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
    if (context != null) {
      context.packForNotificationInto(message);
    }
    byte[] body = envelope ? codec.encode(message) : codec.encodeBare(message);
    Destination destination =
        new Destination.Notification(exchange, topic + "." + priority.keySuffix());
    CompletableFuture<Void> sent;
    try {
      sent = transport.publish(destination, body, PublishOptions.DEFAULT);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.whenComplete(
        (ok, failure) -> {
          if (failure != null) {
            LOG.error(
                "Could not send notification {} ({}) to {} on {}; it is lost",
                base.get("event_type").stringValue(),
                base.get("message_id").stringValue(),
                destination,
                transport.describe(),
                failure);
          }
        });
  }

  private void log(ObjectNode base, Priority priority, String eventType) {
    Logger logger = LoggerFactory.getLogger("oslo.messaging.notification." + eventType);
    String text = codec.toJson(maskPasswords(base.deepCopy()));
    switch (priority) {
      case DEBUG:
        logger.debug(text);
        break;
      case WARN:
        logger.warn(text);
        break;
      case ERROR:
      case CRITICAL:
        logger.error(text);
        break;
      default:
        logger.info(text);
        break;
    }
  }

  private JsonNode toJson(Object payload) {
    if (payload == null
        || payload instanceof JsonNode
        || payload instanceof Map
        || payload instanceof Iterable
        || payload instanceof CharSequence
        || payload instanceof Number
        || payload instanceof Boolean) {
      return codec.toTree(payload);
    }
    try {
      return codec.mapper().valueToTree(payload);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot send a "
              + payload.getClass().getName()
              + " as a notification payload: "
              + e.getMessage(),
          e);
    }
  }

  private static JsonNode maskPasswords(JsonNode node) {
    if (node instanceof ObjectNode) {
      ObjectNode object = (ObjectNode) node;
      for (String key : new ArrayList<>(object.propertyNames())) {
        if (key.toLowerCase(Locale.ROOT).contains("password")) {
          object.put(key, "***");
        } else {
          maskPasswords(object.get(key));
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(Notifier::maskPasswords);
    }
    return node;
  }

  /** {@code str(datetime.utcnow())}: {@code "YYYY-MM-DD HH:MM:SS[.ffffff]"}. */
  static String timestamp(Clock clock) {
    LocalDateTime now =
        LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    String text =
        String.format(
            Locale.ROOT,
            "%04d-%02d-%02d %02d:%02d:%02d",
            now.getYear(),
            now.getMonthValue(),
            now.getDayOfMonth(),
            now.getHour(),
            now.getMinute(),
            now.getSecond());
    int micros = now.getNano() / 1000;
    return micros == 0 ? text : text + String.format(Locale.ROOT, ".%06d", micros);
  }

  @Override
  public String toString() {
    return "Notifier["
        + publisherId
        + ", drivers="
        + drivers
        + ", topics="
        + topics
        + ", exchange="
        + exchange
        + ", "
        + transport.describe()
        + "]";
  }

  /** Builds a {@link Notifier}; not thread-safe. */
  public static final class Builder {
    private final Transport transport;
    private @Nullable String publisherId;
    private List<String> drivers = List.of();
    private List<String> topics = List.of("notifications");
    private String exchange = "openstack";
    private Clock clock = Clock.systemUTC();

    private Builder(Transport transport) {
      this.transport = transport;
    }

    /**
     * Required: who publishes, by convention {@code <service>.<host>}, e.g. {@code volume.host1}.
     */
    public Builder publisherId(String value) {
      this.publisherId = nonBlank(value, "publisherId");
      return this;
    }

    /**
     * {@code [oslo_messaging_notifications] driver}: any of {@code messagingv2}, {@code messaging},
     * {@code log}, {@code noop}. Default: none, which sends nothing (oslo's default).
     */
    public Builder drivers(List<String> names) {
      List<String> copy = List.copyOf(names);
      for (String name : copy) {
        if (!DRIVERS.contains(name)) {
          throw new IllegalArgumentException(
              "Unknown notification driver '"
                  + name
                  + "'; known drivers: "
                  + String.join(", ", DRIVERS));
        }
      }
      this.drivers = copy;
      return this;
    }

    /** {@code [oslo_messaging_notifications] topics}; default {@code notifications}. */
    public Builder topics(List<String> names) {
      List<String> copy = List.copyOf(names);
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("topics must name at least one topic");
      }
      copy.forEach(t -> nonBlank(t, "topic"));
      this.topics = copy;
      return this;
    }

    /** {@code [DEFAULT] control_exchange}; default {@code openstack}. */
    public Builder exchange(String value) {
      this.exchange = nonBlank(value, "exchange");
      return this;
    }

    /** The clock of {@code timestamp}; default the system UTC clock. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Notifier build() {
      if (publisherId == null) {
        throw new IllegalStateException("A notifier needs a publisherId, e.g. volume.host1");
      }
      return new Notifier(this);
    }

    private static String nonBlank(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank, found '" + value + "'");
      }
      return value;
    }
  }
}
