package dev.bosun.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>Immutable and thread-safe. Build one with {@link #builder()}; {@link #create()} gives an
 * anonymous context with a fresh request id.
 *
 * <p>Packing writes, in this order: {@code user_id}, {@code project_id}, {@code request_id}, {@code
 * global_request_id} (when set), {@code roles}, {@code is_admin}, {@code read_only}, {@code
 * show_deleted}, {@code user} and {@code project} (when set), then the extras in insertion order.
 * The user and project are written under both names on purpose: nova and cinder read {@code
 * user_id}/{@code project_id}, oslo.context's {@code from_dict} reads {@code user}/{@code project},
 * and a Python peer of either kind must see them. Unpacking takes {@code user_id} (else {@code
 * user}) and {@code project_id} (else {@code project}); every other key Bosun does not model, such
 * as {@code auth_token} or nova's {@code remote_address}, is kept as an extra and packed again
 * unchanged.
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

  private static final Set<String> MODELLED =
      Set.of(
          "request_id",
          "global_request_id",
          "user_id",
          "user",
          "project_id",
          "project",
          "roles",
          "is_admin",
          "read_only",
          "show_deleted");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PACKED_USER_ID = PREFIX + "user_id";
  private static final String PACKED_PROJECT_ID = PREFIX + "project_id";
  private static final String PACKED_REQUEST_ID = PREFIX + "request_id";
  private static final String PACKED_GLOBAL_REQUEST_ID = PREFIX + "global_request_id";
  private static final String PACKED_ROLES = PREFIX + "roles";
  private static final String PACKED_IS_ADMIN = PREFIX + "is_admin";
  private static final String PACKED_READ_ONLY = PREFIX + "read_only";
  private static final String PACKED_SHOW_DELETED = PREFIX + "show_deleted";
  private static final String PACKED_USER = PREFIX + "user";
  private static final String PACKED_PROJECT = PREFIX + "project";

  private final String requestId;
  private final @Nullable String globalRequestId;
  private final @Nullable String userId;
  private final @Nullable String projectId;
  private final List<String> roles;
  private final boolean admin;
  private final boolean readOnly;
  private final boolean showDeleted;
  private final Map<String, JsonNode> extras;

  private RequestContext(Builder b) {
    this.requestId = b.requestId != null ? b.requestId : newRequestId();
    this.globalRequestId = b.globalRequestId;
    this.userId = b.userId;
    this.projectId = b.projectId;
    this.roles = List.copyOf(b.roles);
    this.admin = b.admin;
    this.readOnly = b.readOnly;
    this.showDeleted = b.showDeleted;
    this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(b.extras));
  }

  /** An anonymous context with a fresh request id. */
  public static RequestContext create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this context's values, request id included. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.requestId = requestId;
    b.globalRequestId = globalRequestId;
    b.userId = userId;
    b.projectId = projectId;
    b.roles.addAll(roles);
    b.admin = admin;
    b.readOnly = readOnly;
    b.showDeleted = showDeleted;
    b.extras.putAll(extras);
    return b;
  }

  /** A new request id in oslo.context's form, {@code req-<uuid4>}. */
  public static String newRequestId() {
    return "req-" + UUID.randomUUID();
  }

  /** The request id, {@code req-<uuid4>} unless given. */
  public String requestId() {
    return requestId;
  }

  /** The id of the request that started a chain of requests across services, if any. */
  public Optional<String> globalRequestId() {
    return Optional.ofNullable(globalRequestId);
  }

  /** The user id (oslo {@code user_id}, also packed as {@code user}). */
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /** The project id (oslo {@code project_id}, also packed as {@code project}). */
  public Optional<String> projectId() {
    return Optional.ofNullable(projectId);
  }

  public List<String> roles() {
    return roles;
  }

  /** oslo {@code is_admin}. */
  public boolean isAdmin() {
    return admin;
  }

  /** oslo {@code read_only}. */
  public boolean readOnly() {
    return readOnly;
  }

  /** oslo {@code show_deleted}. */
  public boolean showDeleted() {
    return showDeleted;
  }

  /** Keys Bosun does not model, in insertion order; values are copies the caller may change. */
  public Map<String, JsonNode> extras() {
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    extras.forEach((key, value) -> copy.put(key, value.deepCopy()));
    return Collections.unmodifiableMap(copy);
  }

  /** One extra key's value (a copy), e.g. {@code auth_token} or {@code remote_address}. */
  public Optional<JsonNode> extra(String key) {
    return Optional.ofNullable(extras.get(key)).map(JsonNode::deepCopy);
  }

  /** The context as oslo's flat dictionary (a new object), in packing order. */
  public ObjectNode toDict() {
    ObjectNode dict = NODES.objectNode();
    putIfPresent(dict, "user_id", userId);
    putIfPresent(dict, "project_id", projectId);
    dict.put("request_id", requestId);
    putIfPresent(dict, "global_request_id", globalRequestId);
    ArrayNode roleArray = dict.putArray("roles");
    roles.forEach(roleArray::add);
    dict.put("is_admin", admin);
    dict.put("read_only", readOnly);
    dict.put("show_deleted", showDeleted);
    putIfPresent(dict, "user", userId);
    putIfPresent(dict, "project", projectId);
    extras.forEach((key, value) -> dict.set(key, value.deepCopy()));
    return dict;
  }

  /**
   * The dictionary a notification carries: {@link #toDict()} restricted to {@link
   * #NOTIFICATION_KEYS}, so {@code auth_token} and other secrets never reach a notification
   * (oslo.messaging 14.0.3 behaviour).
   */
  public ObjectNode toNotificationDict() {
    ObjectNode dict = toDict();
    List<String> drop = new ArrayList<>();
    dict.propertyNames()
        .forEach(
            key -> {
              if (!NOTIFICATION_KEYS.contains(key)) {
                drop.add(key);
              }
            });
    dict.remove(drop);
    return dict;
  }

  /**
   * Adds this context to an inner message as {@code _context_<key>} entries (wire spec §4), in the
   * order of {@link #toDict()}. Writes the entries directly, without building the dictionary first:
   * this runs for every RPC call and cast.
   */
  public void packInto(ObjectNode message) {
    Objects.requireNonNull(message, "message");
    putIfPresent(message, PACKED_USER_ID, userId);
    putIfPresent(message, PACKED_PROJECT_ID, projectId);
    message.put(PACKED_REQUEST_ID, requestId);
    putIfPresent(message, PACKED_GLOBAL_REQUEST_ID, globalRequestId);
    ArrayNode roleArray = message.putArray(PACKED_ROLES);
    for (int i = 0; i < roles.size(); i++) {
      roleArray.add(roles.get(i));
    }
    message.put(PACKED_IS_ADMIN, admin);
    message.put(PACKED_READ_ONLY, readOnly);
    message.put(PACKED_SHOW_DELETED, showDeleted);
    putIfPresent(message, PACKED_USER, userId);
    putIfPresent(message, PACKED_PROJECT, projectId);
    extras.forEach((key, value) -> message.set(PREFIX + key, value.deepCopy()));
  }

  /** Like {@link #packInto} with the sanitized {@link #toNotificationDict()}. */
  public void packForNotificationInto(ObjectNode message) {
    pack(toNotificationDict(), message);
  }

  private static void pack(ObjectNode dict, ObjectNode message) {
    Objects.requireNonNull(message, "message");
    dict.forEachEntry((key, value) -> message.set(PREFIX + key, value));
  }

  /**
   * Removes every {@code _context_*} key from {@code message} and builds the context from them. A
   * message without any gives an anonymous context with a fresh request id.
   *
   * @throws IllegalArgumentException naming the key when a modelled key has a value of the wrong
   *     JSON type (a string field holding an object, roles that are not a list of strings)
   */
  public static RequestContext unpackFrom(ObjectNode message) {
    Objects.requireNonNull(message, "message");
    ObjectNode dict = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> entries = message.properties().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String key = entry.getKey();
      if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
        dict.set(key.substring(PREFIX.length()), entry.getValue());
        entries.remove();
      }
    }
    // The values were taken out of the message, so the context may keep them without copies.
    return fromDict(dict, false);
  }

  /** Builds a context from oslo's flat dictionary; see {@link #unpackFrom} for the rules. */
  public static RequestContext fromDict(ObjectNode dict) {
    Objects.requireNonNull(dict, "dict");
    return fromDict(dict, true);
  }

  private static RequestContext fromDict(ObjectNode dict, boolean copyExtras) {
    Builder b = builder();
    string(dict, "request_id").ifPresent(b::requestId);
    string(dict, "global_request_id").ifPresent(b::globalRequestId);
    string(dict, "user_id").or(() -> string(dict, "user")).ifPresent(b::userId);
    string(dict, "project_id").or(() -> string(dict, "project")).ifPresent(b::projectId);
    JsonNode roles = dict.get("roles");
    if (roles != null && !roles.isNull()) {
      if (!roles.isArray()) {
        throw new IllegalArgumentException(
            "Context key 'roles' must be a list of strings, found " + roles);
      }
      for (JsonNode role : roles) {
        if (!role.isString()) {
          throw new IllegalArgumentException(
              "Context key 'roles' must be a list of strings, found " + roles);
        }
        b.roles.add(role.stringValue());
      }
    }
    b.admin = bool(dict, "is_admin");
    b.readOnly = bool(dict, "read_only");
    b.showDeleted = bool(dict, "show_deleted");
    dict.forEachEntry(
        (key, value) -> {
          if (!MODELLED.contains(key)) {
            b.extras.put(key, copyExtras ? value.deepCopy() : value);
          }
        });
    return b.build();
  }

  private static Optional<String> string(ObjectNode dict, String key) {
    JsonNode value = dict.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (value.isString()) {
      return Optional.of(value.stringValue());
    }
    if (value.isNumber() || value.isBoolean()) {
      return Optional.of(value.asString());
    }
    throw new IllegalArgumentException(
        "Context key '" + key + "' must be a string, found " + value);
  }

  private static boolean bool(ObjectNode dict, String key) {
    JsonNode value = dict.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber()) {
      return value.longValue() != 0;
    }
    throw new IllegalArgumentException(
        "Context key '" + key + "' must be true or false, found " + value);
  }

  private static void putIfPresent(ObjectNode dict, String key, @Nullable String value) {
    if (value != null) {
      dict.put(key, value);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RequestContext)) {
      return false;
    }
    RequestContext other = (RequestContext) o;
    return requestId.equals(other.requestId)
        && Objects.equals(globalRequestId, other.globalRequestId)
        && Objects.equals(userId, other.userId)
        && Objects.equals(projectId, other.projectId)
        && roles.equals(other.roles)
        && admin == other.admin
        && readOnly == other.readOnly
        && showDeleted == other.showDeleted
        && extras.equals(other.extras);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        requestId, globalRequestId, userId, projectId, roles, admin, readOnly, showDeleted, extras);
  }

  /** A one-line description; the {@code auth_token} extra and other secrets are masked. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("RequestContext[").append(requestId);
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
    extras.forEach(
        (key, value) ->
            s.append(", ")
                .append(key)
                .append('=')
                .append(isSecret(key) ? "***" : value.toString()));
    return s.append(']').toString();
  }

  private static boolean isSecret(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("token")
        || k.contains("password")
        || k.contains("secret")
        || k.equals("service_catalog");
  }

  /** Builds a {@link RequestContext}; not thread-safe. */
  public static final class Builder {
    private @Nullable String requestId;
    private @Nullable String globalRequestId;
    private @Nullable String userId;
    private @Nullable String projectId;
    private final List<String> roles = new ArrayList<>();
    private boolean admin;
    private boolean readOnly;
    private boolean showDeleted;
    private final Map<String, JsonNode> extras = new LinkedHashMap<>();

    private Builder() {}

    /** The request id; a fresh {@code req-<uuid4>} when never set. */
    public Builder requestId(String value) {
      this.requestId = nonBlank(value, "requestId");
      return this;
    }

    public Builder globalRequestId(String value) {
      this.globalRequestId = nonBlank(value, "globalRequestId");
      return this;
    }

    public Builder userId(String value) {
      this.userId = nonBlank(value, "userId");
      return this;
    }

    public Builder projectId(String value) {
      this.projectId = nonBlank(value, "projectId");
      return this;
    }

    /** Replaces the roles. */
    public Builder roles(List<String> values) {
      List<String> copy = List.copyOf(values);
      roles.clear();
      roles.addAll(copy);
      return this;
    }

    public Builder admin(boolean value) {
      this.admin = value;
      return this;
    }

    public Builder readOnly(boolean value) {
      this.readOnly = value;
      return this;
    }

    public Builder showDeleted(boolean value) {
      this.showDeleted = value;
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
      extras.put(key, value.deepCopy());
      return this;
    }

    /** Sets a string extra, e.g. {@code extra("auth_token", token)}. */
    public Builder extra(String key, String value) {
      return extra(key, NODES.stringNode(Objects.requireNonNull(value, "value")));
    }

    public Builder removeExtra(String key) {
      extras.remove(key);
      return this;
    }

    public RequestContext build() {
      return new RequestContext(this);
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
