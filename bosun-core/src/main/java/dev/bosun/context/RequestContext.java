package dev.bosun.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who asks, and the request id: oslo.context's {@code RequestContext}, travelling with every RPC
 * message and notification as flattened {@code _context_*} keys (wire spec §4).
 *
 * <p>A context is its dictionary, {@link #values()}: exactly the keys and values the caller sent
 * for a received context, nothing added and nothing normalised, and the keys its builder set for a
 * context built here. The typed accessors ({@link #userId()}, {@link #roles()}, {@link #isAdmin()},
 * ...) are a lenient reading of that dictionary: a value of an unexpected type never fails, it
 * reads as absent (or false), and it is kept unchanged in {@link #values()} and when the context is
 * packed again. Endpoints that need what the caller really sent read {@link #values()}.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}; {@link #create()} gives an
 * anonymous context with a fresh request id.
 *
 * <p>A built context packs, in this order: {@code user_id}, {@code project_id}, {@code request_id},
 * {@code global_request_id} (when set), {@code roles}, {@code is_admin}, {@code read_only}, {@code
 * show_deleted}, {@code user} and {@code project} (when set), then the extras in insertion order.
 * The user and project are written under both names on purpose: nova and cinder read {@code
 * user_id}/{@code project_id}, oslo.context's {@code from_dict} reads {@code user}/{@code project},
 * and a Python peer of either kind must see them. Reading takes {@code user_id} (else {@code user})
 * and {@code project_id} (else {@code project}); every other key Bosun does not model, such as
 * {@code auth_token} or nova's {@code remote_address}, is an extra.
 */
public final class RequestContext {
  /** The prefix of a packed context key, {@value}. */
  public static final String PREFIX = "_context_";

  /** oslo.messaging 14.0.3's allow-list for notification contexts (wire spec §10.4). */
  public static final Set<String> NOTIFICATION_KEYS =
      Set.of(
          "user_id",
          "project_id",
          "domain_id",
          "user_domain_id",
          "project_domain_id",
          "is_admin",
          "request_id",
          "roles",
          "user_name",
          "project_name",
          "domain_name",
          "user_domain_name",
          "project_domain_name",
          "service_user_id",
          "service_user_domain_id",
          "service_user_domain_name",
          "service_project_id",
          "service_project_name",
          "service_project_domain_id",
          "service_project_domain_name",
          "service_roles",
          "global_request_id",
          "system_scope",
          "user",
          "domain",
          "user_domain",
          "project_domain");

  /** The modelled keys, in the order a built context packs them. */
  private static final List<String> MODELLED_ORDER =
      List.of(
          "user_id",
          "project_id",
          "request_id",
          "global_request_id",
          "roles",
          "is_admin",
          "read_only",
          "show_deleted",
          "user",
          "project");

  private static final Set<String> MODELLED = Set.copyOf(MODELLED_ORDER);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** oslo's {@code strutils.bool_from_string} true values. */
  private static final Set<String> TRUE_STRINGS = Set.of("1", "t", "true", "on", "y", "yes");

  private final ObjectNode dict;
  private final @Nullable String requestId;
  private final @Nullable String globalRequestId;
  private final @Nullable String userId;
  private final @Nullable String projectId;
  private final List<String> roles;
  private final boolean admin;
  private final boolean readOnly;
  private final boolean showDeleted;

  /** Takes ownership of {@code dict}, which nobody else may change. */
  private RequestContext(ObjectNode dict) {
    this.dict = dict;
    this.requestId = string(dict, "request_id").orElse(null);
    this.globalRequestId = string(dict, "global_request_id").orElse(null);
    this.userId = string(dict, "user_id").or(() -> string(dict, "user")).orElse(null);
    this.projectId = string(dict, "project_id").or(() -> string(dict, "project")).orElse(null);
    this.roles = roles(dict.get("roles"));
    this.admin = bool(dict, "is_admin");
    this.readOnly = bool(dict, "read_only");
    this.showDeleted = bool(dict, "show_deleted");
  }

  /** An anonymous context with a fresh request id. */
  public static RequestContext create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder(null);
  }

  /**
   * A builder starting from this context's dictionary, request id and every other key included
   * (none is added); keys the builder sets are replaced in place, new ones come last.
   */
  public Builder toBuilder() {
    return new Builder(dict);
  }

  /** A new request id in oslo.context's form, {@code req-<uuid4>}. */
  public static String newRequestId() {
    return "req-" + UUID.randomUUID();
  }

  /**
   * The request id: always present in a context built here ({@code req-<uuid4>} unless given);
   * empty for a received context whose caller sent none (or sent one that is not a string).
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The id of the request that started a chain of requests across services, if any. */
  public Optional<String> globalRequestId() {
    return Optional.ofNullable(globalRequestId);
  }

  /** The user id (oslo {@code user_id}, else {@code user}); empty when absent or not a string. */
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /** The project id (oslo {@code project_id}, else {@code project}). */
  public Optional<String> projectId() {
    return Optional.ofNullable(projectId);
  }

  /**
   * The roles: a list's strings (numbers and booleans as their text, other elements left out), a
   * single string as a one-element list, anything else as no roles.
   */
  public List<String> roles() {
    return roles;
  }

  /**
   * oslo {@code is_admin}: true for {@code true}, a non-zero number, or a string oslo's {@code
   * bool_from_string} reads as true ({@code "True"}, {@code "yes"}, {@code "1"}, ...).
   */
  public boolean isAdmin() {
    return admin;
  }

  /** oslo {@code read_only}, read like {@link #isAdmin()}. */
  public boolean readOnly() {
    return readOnly;
  }

  /** oslo {@code show_deleted}, read like {@link #isAdmin()}. */
  public boolean showDeleted() {
    return showDeleted;
  }

  /**
   * The whole dictionary, exactly as the caller sent it (for a received context) or as it is packed
   * (for a built one), in its order: JSON objects as maps, arrays as lists, numbers, strings,
   * booleans, and {@code null} for JSON null. Unmodifiable, and a new copy on each call.
   */
  public Map<String, Object> values() {
    Map<String, Object> values = new LinkedHashMap<>();
    dict.forEachEntry((key, value) -> values.put(key, plain(value)));
    return Collections.unmodifiableMap(values);
  }

  /** Keys Bosun does not model, in their order; values are copies the caller may change. */
  public Map<String, JsonNode> extras() {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    dict.forEachEntry(
        (key, value) -> {
          if (!MODELLED.contains(key)) {
            copy.put(key, value.deepCopy());
          }
        });
    return Collections.unmodifiableMap(copy);
  }

  /** One extra key's value (a copy), e.g. {@code auth_token} or {@code remote_address}. */
  public Optional<JsonNode> extra(String key) {
    Objects.requireNonNull(key, "key");
    return MODELLED.contains(key)
        ? Optional.empty()
        : Optional.ofNullable(dict.get(key)).map(JsonNode::deepCopy);
  }

  /** The context as oslo's flat dictionary (a new object), in packing order. */
  public ObjectNode toDict() {
    return dict.deepCopy();
  }

  /**
   * The dictionary a notification carries: {@link #toDict()} restricted to {@link
   * #NOTIFICATION_KEYS}, so {@code auth_token} and other secrets never reach a notification
   * (oslo.messaging 14.0.3 behaviour).
   */
  public ObjectNode toNotificationDict() {
    ObjectNode notification = NODES.objectNode();
    dict.forEachEntry(
        (key, value) -> {
          if (NOTIFICATION_KEYS.contains(key)) {
            notification.set(key, value.deepCopy());
          }
        });
    return notification;
  }

  /**
   * Adds this context to an inner message as {@code _context_<key>} entries (wire spec §4), in the
   * order of {@link #toDict()}. A received context is packed exactly as it was received.
   */
  public void packInto(ObjectNode message) {
    Objects.requireNonNull(message, "message");
    dict.forEachEntry((key, value) -> message.set(PREFIX + key, value.deepCopy()));
  }

  /** Like {@link #packInto} with the sanitized {@link #toNotificationDict()}. */
  public void packForNotificationInto(ObjectNode message) {
    Objects.requireNonNull(message, "message");
    toNotificationDict().forEachEntry((key, value) -> message.set(PREFIX + key, value));
  }

  /**
   * Removes every {@code _context_*} key from {@code message} (the prefix is stripped once, so
   * {@code _context_} itself is the key {@code ""} and {@code _context__context_x} is {@code
   * _context_x}, as oslo does) and builds the context from them, keeping every value as it is. A
   * message without any gives an empty context: no request id, no user, no roles. Never fails on
   * the values' types.
   */
  public static RequestContext unpackFrom(ObjectNode message) {
    Objects.requireNonNull(message, "message");
    ObjectNode dict = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> entries = message.properties().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String key = entry.getKey();
      if (key.startsWith(PREFIX)) {
        dict.set(key.substring(PREFIX.length()), entry.getValue());
        entries.remove();
      }
    }
    // The values were taken out of the message, so the context may keep them without copies.
    return new RequestContext(dict);
  }

  /**
   * A context whose dictionary is a copy of oslo's flat dictionary {@code dict}, read as {@link
   * #unpackFrom} does.
   */
  public static RequestContext fromDict(ObjectNode dict) {
    Objects.requireNonNull(dict, "dict");
    return new RequestContext(dict.deepCopy());
  }

  private static @Nullable Object plain(JsonNode value) {
    if (value.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      value.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
      return Collections.unmodifiableMap(map);
    }
    if (value.isArray()) {
      List<Object> list = new ArrayList<>();
      value.forEach(element -> list.add(plain(element)));
      return Collections.unmodifiableList(list);
    }
    if (value.isString()) {
      return value.stringValue();
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.canConvertToLong() ? (Object) value.longValue() : value.bigIntegerValue();
    }
    if (value.isNumber()) {
      return value.isBigDecimal() ? value.decimalValue() : (Object) value.doubleValue();
    }
    return null;
  }

  private static Optional<String> string(ObjectNode dict, String key) {
    JsonNode value = dict.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isString()) {
      return value.stringValue().isEmpty() ? Optional.empty() : Optional.of(value.stringValue());
    }
    if (value.isNumber() || value.isBoolean()) {
      return Optional.of(value.asString());
    }
    return Optional.empty();
  }

  private static List<String> roles(JsonNode value) {
    if (value == null) {
      return List.of();
    }
    if (value.isString()) {
      return List.of(value.stringValue());
    }
    if (!value.isArray()) {
      return List.of();
    }
    List<String> roles = new ArrayList<>();
    for (JsonNode role : value) {
      if (role.isString()) {
        roles.add(role.stringValue());
      } else if (role.isNumber() || role.isBoolean()) {
        roles.add(role.asString());
      }
    }
    return List.copyOf(roles);
  }

  private static boolean bool(ObjectNode dict, String key) {
    JsonNode value = dict.get(key);
    if (value == null) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isNumber()) {
      return value.doubleValue() != 0;
    }
    if (value.isString()) {
      return TRUE_STRINGS.contains(value.stringValue().trim().toLowerCase(Locale.ROOT));
    }
    return false;
  }

  /** Equal when the dictionaries are: the same keys with equal values, in any order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RequestContext other && dict.equals(other.dict);
  }

  @Override
  public int hashCode() {
    return dict.hashCode();
  }

  /** A one-line description; the {@code auth_token} extra and other secrets are masked. */
  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("RequestContext[")
            .append(requestId == null ? "no request id" : requestId);
    if (globalRequestId != null) {
      s.append(", global=").append(globalRequestId);
    }
    s.append(", user=")
        .append(userId)
        .append(", project=")
        .append(projectId)
        .append(", roles=")
        .append(roles);
    if (admin) {
      s.append(", admin");
    }
    if (readOnly) {
      s.append(", read-only");
    }
    if (showDeleted) {
      s.append(", show-deleted");
    }
    dict.forEachEntry(
        (key, value) -> {
          if (!MODELLED.contains(key)) {
            s.append(", ")
                .append(key)
                .append('=')
                .append(isSecret(key) ? "***" : abbreviate(value.toString()));
          }
        });
    return s.append(']').toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("token")
        || k.contains("password")
        || k.contains("secret")
        || k.equals("service_catalog");
  }

  /**
   * Builds a {@link RequestContext}; not thread-safe. A builder from {@link #builder()} packs the
   * modelled keys first, in the order given in the class description; one from {@link #toBuilder()}
   * keeps the original order.
   */
  public static final class Builder {
    private final boolean fresh;
    private final LinkedHashMap<String, JsonNode> values = new LinkedHashMap<>();

    private Builder(@Nullable ObjectNode from) {
      this.fresh = from == null;
      if (from != null) {
        from.forEachEntry((key, value) -> values.put(key, value.deepCopy()));
      }
    }

    /** The request id; a fresh {@code req-<uuid4>} when never set on a new builder. */
    public Builder requestId(String value) {
      values.put("request_id", NODES.stringNode(nonBlank(value, "requestId")));
      return this;
    }

    public Builder globalRequestId(String value) {
      values.put("global_request_id", NODES.stringNode(nonBlank(value, "globalRequestId")));
      return this;
    }

    /** Sets {@code user_id} and {@code user}. */
    public Builder userId(String value) {
      nonBlank(value, "userId");
      values.put("user_id", NODES.stringNode(value));
      values.put("user", NODES.stringNode(value));
      return this;
    }

    /** Sets {@code project_id} and {@code project}. */
    public Builder projectId(String value) {
      nonBlank(value, "projectId");
      values.put("project_id", NODES.stringNode(value));
      values.put("project", NODES.stringNode(value));
      return this;
    }

    /** Replaces the roles. */
    public Builder roles(List<String> roles) {
      ArrayNode array = NODES.arrayNode();
      List.copyOf(roles).forEach(array::add);
      values.put("roles", array);
      return this;
    }

    public Builder admin(boolean value) {
      values.put("is_admin", NODES.booleanNode(value));
      return this;
    }

    public Builder readOnly(boolean value) {
      values.put("read_only", NODES.booleanNode(value));
      return this;
    }

    public Builder showDeleted(boolean value) {
      values.put("show_deleted", NODES.booleanNode(value));
      return this;
    }

    /**
     * Sets a key Bosun does not model (the value is copied).
     *
     * @throws IllegalArgumentException if {@code key} is one of the modelled keys (use its builder
     *     method) or blank
     */
    public Builder extra(String key, JsonNode value) {
      Objects.requireNonNull(value, "value");
      nonBlank(key, "key");
      if (MODELLED.contains(key)) {
        throw new IllegalArgumentException(
            "Context key '"
                + key
                + "' is modelled by RequestContext; set it with its builder method, not extra()");
      }
      values.put(key, value.deepCopy());
      return this;
    }

    /** Sets a string extra, e.g. {@code extra("auth_token", token)}. */
    public Builder extra(String key, String value) {
      return extra(key, NODES.stringNode(Objects.requireNonNull(value, "value")));
    }

    public Builder removeExtra(String key) {
      if (!MODELLED.contains(key)) {
        values.remove(key);
      }
      return this;
    }

    public RequestContext build() {
      ObjectNode dict = NODES.objectNode();
      if (fresh) {
        values.putIfAbsent("request_id", NODES.stringNode(newRequestId()));
        values.putIfAbsent("roles", NODES.arrayNode());
        values.putIfAbsent("is_admin", NODES.booleanNode(false));
        values.putIfAbsent("read_only", NODES.booleanNode(false));
        values.putIfAbsent("show_deleted", NODES.booleanNode(false));
        for (String key : MODELLED_ORDER) {
          JsonNode value = values.get(key);
          if (value != null) {
            dict.set(key, value.deepCopy());
          }
        }
      }
      values.forEach(
          (key, value) -> {
            if (!dict.has(key)) {
              dict.set(key, value.deepCopy());
            }
          });
      return new RequestContext(dict);
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
