package dev.bosun.rabbit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of oslo.messaging's {@code [oslo_messaging_rabbit]} group that change what goes on
 * the wire, the topology, or how the connection behaves. Names and defaults are oslo's
 * (14.0.3), so a value copied from a Python service's config means the same here. Every service
 * on one bus MUST use the same queue options ({@code amqp_durable_queues},
 * {@code amqp_auto_delete}, {@code rabbit_ha_queues}, {@code rabbit_quorum_queue} and its
 * arguments, {@code rabbit_transient_queues_ttl}): RabbitMQ refuses a declaration whose flags
 * differ from the existing entity.
 *
 * <p>Build with {@link #builder()} or {@link #fromMap(Map)}, which takes oslo's option names as
 * strings, as they appear in a config file or in the query of a {@code transport_url}
 * ({@code rabbit://h/?rabbit_qos_prefetch_count=5}).
 *
 * @param amqpDurableQueues {@code amqp_durable_queues}: durable control exchange and
 *     topic/server/notification queues
 * @param amqpAutoDelete {@code amqp_auto_delete}: auto-delete control exchange and
 *     topic/server/notification queues
 * @param rabbitHaQueues {@code rabbit_ha_queues}: add {@code x-ha-policy: all} to every queue
 * @param rabbitQuorumQueue {@code rabbit_quorum_queue}: topic/server/notification queues are
 *     quorum queues, durable, and so is the control exchange
 * @param rabbitQuorumDeliveryLimit {@code rabbit_quorum_delivery_limit}: {@code x-delivery-limit}
 *     when &gt; 0
 * @param rabbitQuorumMaxMemoryLength {@code rabbit_quroum_max_memory_length} (oslo's spelling;
 *     {@code rabbit_quorum_max_memory_length} is accepted too): {@code x-max-in-memory-length}
 *     when &gt; 0
 * @param rabbitQuorumMaxMemoryBytes {@code rabbit_quroum_max_memory_bytes}:
 *     {@code x-max-in-memory-bytes} when &gt; 0
 * @param rabbitTransientQueuesTtl {@code rabbit_transient_queues_ttl}, seconds: {@code x-expires}
 *     of reply and fanout queues; 0 declares them without {@code x-expires} (oslo 14.6+ meaning)
 * @param rabbitQosPrefetchCount {@code rabbit_qos_prefetch_count}: {@code basic.qos} on consuming
 *     channels when &gt; 0
 * @param enableCancelOnFailover {@code enable_cancel_on_failover}: consumer argument
 *     {@code x-cancel-on-ha-failover}
 * @param heartbeatTimeoutThreshold {@code heartbeat_timeout_threshold}, seconds: the AMQP
 *     heartbeat asked of the broker; 0 disables it
 * @param heartbeatRate {@code heartbeat_rate}: checks per heartbeat interval. Validated and kept
 *     for config compatibility; amqp-client sends heartbeats at half the interval by itself
 * @param rabbitRetryInterval {@code rabbit_retry_interval}, seconds: first delay between
 *     reconnection attempts
 * @param rabbitRetryBackoff {@code rabbit_retry_backoff}, seconds added to the delay after each
 *     failed attempt
 * @param rabbitIntervalMax {@code rabbit_interval_max}, seconds: the delay never exceeds this
 * @param kombuReconnectDelay {@code kombu_reconnect_delay}, seconds: wait before the first
 *     reconnection attempt, and before re-consuming after the broker cancelled a consumer
 * @param kombuCompression {@code kombu_compression}: empty (none) or {@code gzip} (a zlib
 *     stream, as kombu writes it); {@code bz2} is refused because the JDK cannot write it
 * @param ssl {@code ssl}: connect with TLS
 * @param sslCaFile {@code ssl_ca_file}: PEM file of CA certificates to trust; empty trusts the
 *     JVM's default trust store
 * @param sslCertFile {@code ssl_cert_file}: PEM client certificate (chain); empty for none
 * @param sslKeyFile {@code ssl_key_file}: PEM PKCS#8 private key of the client certificate
 * @param sslVersion {@code ssl_version}: empty for the JVM's default, else one of
 *     {@code TLSv1}, {@code TLSv1_1}, {@code TLSv1_2}, {@code TLSv1_3} (oslo's spelling;
 *     {@code TLSv1.2} is accepted too)
 * @param sslEnforceHostnameVerification {@code ssl_enforce_hostname_verification}: check the
 *     broker's certificate names its host
 */
public record RabbitOptions(
    boolean amqpDurableQueues,
    boolean amqpAutoDelete,
    boolean rabbitHaQueues,
    boolean rabbitQuorumQueue,
    int rabbitQuorumDeliveryLimit,
    int rabbitQuorumMaxMemoryLength,
    int rabbitQuorumMaxMemoryBytes,
    int rabbitTransientQueuesTtl,
    int rabbitQosPrefetchCount,
    boolean enableCancelOnFailover,
    int heartbeatTimeoutThreshold,
    int heartbeatRate,
    int rabbitRetryInterval,
    int rabbitRetryBackoff,
    int rabbitIntervalMax,
    double kombuReconnectDelay,
    String kombuCompression,
    boolean ssl,
    String sslCaFile,
    String sslCertFile,
    String sslKeyFile,
    String sslVersion,
    boolean sslEnforceHostnameVerification) {

  /** oslo options that Bosun accepts and ignores, because they have no effect here. */
  private static final Set<String> IGNORED = Set.of(
      "rabbit_login_method", "rpc_conn_pool_size", "conn_pool_min_size", "conn_pool_ttl",
      "kombu_failover_strategy", "kombu_missing_consumer_retry_timeout", "direct_mandatory_flag",
      "heartbeat_in_pthread", "kombu_reconnect_splay", "ssl_enforce_fips_mode");

  private static final Set<String> SSL_VERSIONS =
      Set.of("TLSv1", "TLSv1_1", "TLSv1_2", "TLSv1_3", "TLSv1.1", "TLSv1.2", "TLSv1.3");

  public RabbitOptions {
    requireAtLeast("rabbit_quorum_delivery_limit", rabbitQuorumDeliveryLimit, 0);
    requireAtLeast("rabbit_quroum_max_memory_length", rabbitQuorumMaxMemoryLength, 0);
    requireAtLeast("rabbit_quroum_max_memory_bytes", rabbitQuorumMaxMemoryBytes, 0);
    requireAtLeast("rabbit_transient_queues_ttl", rabbitTransientQueuesTtl, 0);
    requireAtLeast("rabbit_qos_prefetch_count", rabbitQosPrefetchCount, 0);
    requireAtLeast("heartbeat_timeout_threshold", heartbeatTimeoutThreshold, 0);
    requireAtLeast("heartbeat_rate", heartbeatRate, 1);
    requireAtLeast("rabbit_retry_interval", rabbitRetryInterval, 0);
    requireAtLeast("rabbit_retry_backoff", rabbitRetryBackoff, 0);
    requireAtLeast("rabbit_interval_max", rabbitIntervalMax, 1);
    if (!(kombuReconnectDelay >= 0) || Double.isInfinite(kombuReconnectDelay)) {
      throw new IllegalArgumentException(
          "kombu_reconnect_delay must be a number >= 0, found " + kombuReconnectDelay);
    }
    if (rabbitHaQueues && rabbitQuorumQueue) {
      throw new IllegalArgumentException("rabbit_quorum_queue and rabbit_ha_queues are both true;"
          + " a queue is either quorum or HA (mirrored), not both: set one of them to false");
    }
    kombuCompression = kombuCompression == null ? "" : kombuCompression.trim();
    if (kombuCompression.equalsIgnoreCase("bz2")) {
      throw new IllegalArgumentException("kombu_compression=bz2 is not supported by Bosun (the"
          + " JDK has no bzip2 writer); use gzip or leave it unset");
    }
    if (!kombuCompression.isEmpty() && !kombuCompression.equalsIgnoreCase("gzip")) {
      throw new IllegalArgumentException(
          "kombu_compression must be empty or gzip, found '" + kombuCompression + "'");
    }
    kombuCompression = kombuCompression.toLowerCase(Locale.ROOT);
    sslCaFile = nonNull(sslCaFile);
    sslCertFile = nonNull(sslCertFile);
    sslKeyFile = nonNull(sslKeyFile);
    sslVersion = nonNull(sslVersion).trim();
    if (!sslVersion.isEmpty() && !SSL_VERSIONS.contains(sslVersion)) {
      throw new IllegalArgumentException("ssl_version must be empty or one of TLSv1, TLSv1_1,"
          + " TLSv1_2, TLSv1_3, found '" + sslVersion + "'");
    }
    if (sslCertFile.isEmpty() != sslKeyFile.isEmpty()) {
      throw new IllegalArgumentException("ssl_cert_file and ssl_key_file go together; found"
          + " ssl_cert_file='" + sslCertFile + "', ssl_key_file='" + sslKeyFile + "'");
    }
  }

  /** oslo's defaults. */
  public static RabbitOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(asMap());
    return b;
  }

  /**
   * Options from oslo names and string values, e.g. the query of a {@code transport_url} or the
   * {@code [oslo_messaging_rabbit]} section of a config file; absent names keep oslo's default.
   *
   * @throws IllegalArgumentException naming the option and the value when a name is unknown or a
   *     value does not parse or is out of range
   */
  public static RabbitOptions fromMap(Map<String, String> values) {
    Builder b = builder();
    values.forEach(b::set);
    return b.build();
  }

  /** Whether the control exchange and shared queues are durable: {@code amqp_durable_queues OR rabbit_quorum_queue}. */
  public boolean durable() {
    return amqpDurableQueues || rabbitQuorumQueue;
  }

  /** The delay before reconnection attempt {@code attempt} (0 for the first). */
  public Duration reconnectDelay(int attempt) {
    if (attempt <= 0) {
      return Duration.ofMillis(Math.round(kombuReconnectDelay * 1000));
    }
    long seconds = Math.min((long) rabbitRetryInterval + (long) (attempt - 1) * rabbitRetryBackoff,
        rabbitIntervalMax);
    return Duration.ofSeconds(seconds);
  }

  /** The values under oslo's names, as strings (for reports; no secrets here). */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("amqp_durable_queues", String.valueOf(amqpDurableQueues));
    m.put("amqp_auto_delete", String.valueOf(amqpAutoDelete));
    m.put("rabbit_ha_queues", String.valueOf(rabbitHaQueues));
    m.put("rabbit_quorum_queue", String.valueOf(rabbitQuorumQueue));
    m.put("rabbit_quorum_delivery_limit", String.valueOf(rabbitQuorumDeliveryLimit));
    m.put("rabbit_quroum_max_memory_length", String.valueOf(rabbitQuorumMaxMemoryLength));
    m.put("rabbit_quroum_max_memory_bytes", String.valueOf(rabbitQuorumMaxMemoryBytes));
    m.put("rabbit_transient_queues_ttl", String.valueOf(rabbitTransientQueuesTtl));
    m.put("rabbit_qos_prefetch_count", String.valueOf(rabbitQosPrefetchCount));
    m.put("enable_cancel_on_failover", String.valueOf(enableCancelOnFailover));
    m.put("heartbeat_timeout_threshold", String.valueOf(heartbeatTimeoutThreshold));
    m.put("heartbeat_rate", String.valueOf(heartbeatRate));
    m.put("rabbit_retry_interval", String.valueOf(rabbitRetryInterval));
    m.put("rabbit_retry_backoff", String.valueOf(rabbitRetryBackoff));
    m.put("rabbit_interval_max", String.valueOf(rabbitIntervalMax));
    m.put("kombu_reconnect_delay", String.valueOf(kombuReconnectDelay));
    m.put("kombu_compression", kombuCompression);
    m.put("ssl", String.valueOf(ssl));
    m.put("ssl_ca_file", sslCaFile);
    m.put("ssl_cert_file", sslCertFile);
    m.put("ssl_key_file", sslKeyFile);
    m.put("ssl_version", sslVersion);
    m.put("ssl_enforce_hostname_verification", String.valueOf(sslEnforceHostnameVerification));
    return m;
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", found " + value);
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  /** Collects option values under oslo's names; {@link #build()} validates them together. */
  public static final class Builder {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets an option by its oslo name from its string form ({@code true}/{@code false},
     * {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0} for booleans).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public Builder set(String name, String value) {
      String key = name.trim();
      if (key.equals("rabbit_quorum_max_memory_length")
          || key.equals("rabbit_quorum_max_memory_bytes")) {
        key = key.replace("quorum", "quroum");
      }
      if (IGNORED.contains(key)) {
        return this;
      }
      if (!defaultsMap().containsKey(key)) {
        throw new IllegalArgumentException("Unknown [oslo_messaging_rabbit] option '" + name
            + "' (value '" + value + "'); known options: " + new java.util.TreeSet<>(defaultsMap().keySet()));
      }
      values.put(key, value == null ? "" : value.trim());
      return this;
    }

    public Builder amqpDurableQueues(boolean v) {
      return put("amqp_durable_queues", v);
    }

    public Builder amqpAutoDelete(boolean v) {
      return put("amqp_auto_delete", v);
    }

    public Builder rabbitHaQueues(boolean v) {
      return put("rabbit_ha_queues", v);
    }

    public Builder rabbitQuorumQueue(boolean v) {
      return put("rabbit_quorum_queue", v);
    }

    public Builder rabbitQuorumDeliveryLimit(int v) {
      return put("rabbit_quorum_delivery_limit", v);
    }

    public Builder rabbitQuorumMaxMemoryLength(int v) {
      return put("rabbit_quroum_max_memory_length", v);
    }

    public Builder rabbitQuorumMaxMemoryBytes(int v) {
      return put("rabbit_quroum_max_memory_bytes", v);
    }

    public Builder rabbitTransientQueuesTtl(int seconds) {
      return put("rabbit_transient_queues_ttl", seconds);
    }

    public Builder rabbitQosPrefetchCount(int v) {
      return put("rabbit_qos_prefetch_count", v);
    }

    public Builder enableCancelOnFailover(boolean v) {
      return put("enable_cancel_on_failover", v);
    }

    public Builder heartbeatTimeoutThreshold(int seconds) {
      return put("heartbeat_timeout_threshold", seconds);
    }

    public Builder heartbeatRate(int v) {
      return put("heartbeat_rate", v);
    }

    public Builder rabbitRetryInterval(int seconds) {
      return put("rabbit_retry_interval", seconds);
    }

    public Builder rabbitRetryBackoff(int seconds) {
      return put("rabbit_retry_backoff", seconds);
    }

    public Builder rabbitIntervalMax(int seconds) {
      return put("rabbit_interval_max", seconds);
    }

    public Builder kombuReconnectDelay(double seconds) {
      return put("kombu_reconnect_delay", seconds);
    }

    public Builder kombuCompression(String v) {
      return put("kombu_compression", v);
    }

    public Builder ssl(boolean v) {
      return put("ssl", v);
    }

    public Builder sslCaFile(String v) {
      return put("ssl_ca_file", v);
    }

    public Builder sslCertFile(String v) {
      return put("ssl_cert_file", v);
    }

    public Builder sslKeyFile(String v) {
      return put("ssl_key_file", v);
    }

    public Builder sslVersion(String v) {
      return put("ssl_version", v);
    }

    public Builder sslEnforceHostnameVerification(boolean v) {
      return put("ssl_enforce_hostname_verification", v);
    }

    /** @throws IllegalArgumentException naming the option and its bad value */
    public RabbitOptions build() {
      Map<String, String> m = new LinkedHashMap<>(defaultsMap());
      m.putAll(values);
      return new RabbitOptions(
          bool(m, "amqp_durable_queues"),
          bool(m, "amqp_auto_delete"),
          bool(m, "rabbit_ha_queues"),
          bool(m, "rabbit_quorum_queue"),
          integer(m, "rabbit_quorum_delivery_limit"),
          integer(m, "rabbit_quroum_max_memory_length"),
          integer(m, "rabbit_quroum_max_memory_bytes"),
          integer(m, "rabbit_transient_queues_ttl"),
          integer(m, "rabbit_qos_prefetch_count"),
          bool(m, "enable_cancel_on_failover"),
          integer(m, "heartbeat_timeout_threshold"),
          integer(m, "heartbeat_rate"),
          integer(m, "rabbit_retry_interval"),
          integer(m, "rabbit_retry_backoff"),
          integer(m, "rabbit_interval_max"),
          decimal(m, "kombu_reconnect_delay"),
          m.get("kombu_compression"),
          bool(m, "ssl"),
          m.get("ssl_ca_file"),
          m.get("ssl_cert_file"),
          m.get("ssl_key_file"),
          m.get("ssl_version"),
          bool(m, "ssl_enforce_hostname_verification"));
    }

    private Builder put(String name, Object value) {
      values.put(name, String.valueOf(value));
      return this;
    }

    private static boolean bool(Map<String, String> m, String name) {
      String v = m.get(name).toLowerCase(Locale.ROOT);
      switch (v) {
        case "true": case "yes": case "on": case "1":
          return true;
        case "false": case "no": case "off": case "0":
          return false;
        default:
          throw new IllegalArgumentException("[oslo_messaging_rabbit] " + name
              + " must be a boolean (true/false), found '" + m.get(name) + "'");
      }
    }

    private static int integer(Map<String, String> m, String name) {
      try {
        return Integer.parseInt(m.get(name));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("[oslo_messaging_rabbit] " + name
            + " must be an integer, found '" + m.get(name) + "'", e);
      }
    }

    private static double decimal(Map<String, String> m, String name) {
      try {
        return Double.parseDouble(m.get(name));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("[oslo_messaging_rabbit] " + name
            + " must be a number, found '" + m.get(name) + "'", e);
      }
    }
  }

  private static Map<String, String> defaultsMap() {
    return Defaults.MAP;
  }

  private static final class Defaults {
    static final Map<String, String> MAP = Map.ofEntries(
        Map.entry("amqp_durable_queues", "false"),
        Map.entry("amqp_auto_delete", "false"),
        Map.entry("rabbit_ha_queues", "false"),
        Map.entry("rabbit_quorum_queue", "false"),
        Map.entry("rabbit_quorum_delivery_limit", "0"),
        Map.entry("rabbit_quroum_max_memory_length", "0"),
        Map.entry("rabbit_quroum_max_memory_bytes", "0"),
        Map.entry("rabbit_transient_queues_ttl", "1800"),
        Map.entry("rabbit_qos_prefetch_count", "0"),
        Map.entry("enable_cancel_on_failover", "false"),
        Map.entry("heartbeat_timeout_threshold", "60"),
        Map.entry("heartbeat_rate", "2"),
        Map.entry("rabbit_retry_interval", "1"),
        Map.entry("rabbit_retry_backoff", "2"),
        Map.entry("rabbit_interval_max", "30"),
        Map.entry("kombu_reconnect_delay", "1.0"),
        Map.entry("kombu_compression", ""),
        Map.entry("ssl", "false"),
        Map.entry("ssl_ca_file", ""),
        Map.entry("ssl_cert_file", ""),
        Map.entry("ssl_key_file", ""),
        Map.entry("ssl_version", ""),
        Map.entry("ssl_enforce_hostname_verification", "false"));
  }
}
