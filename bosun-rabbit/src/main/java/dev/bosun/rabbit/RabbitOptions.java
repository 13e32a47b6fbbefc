package dev.bosun.rabbit;

import static dev.bosun.rabbit.RabbitOptionProvider.AMQP_AUTO_DELETE;
import static dev.bosun.rabbit.RabbitOptionProvider.AMQP_DURABLE_QUEUES;
import static dev.bosun.rabbit.RabbitOptionProvider.ENABLE_CANCEL_ON_FAILOVER;
import static dev.bosun.rabbit.RabbitOptionProvider.HEARTBEAT_RATE;
import static dev.bosun.rabbit.RabbitOptionProvider.HEARTBEAT_TIMEOUT_THRESHOLD;
import static dev.bosun.rabbit.RabbitOptionProvider.KOMBU_COMPRESSION;
import static dev.bosun.rabbit.RabbitOptionProvider.KOMBU_RECONNECT_DELAY;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_HA_QUEUES;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_INTERVAL_MAX;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_LOGIN_METHOD;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_QOS_PREFETCH_COUNT;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_QUORUM_DELIVERY_LIMIT;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_QUORUM_MAX_MEMORY_BYTES;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_QUORUM_MAX_MEMORY_LENGTH;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_QUORUM_QUEUE;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_RETRY_BACKOFF;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_RETRY_INTERVAL;
import static dev.bosun.rabbit.RabbitOptionProvider.RABBIT_TRANSIENT_QUEUES_TTL;
import static dev.bosun.rabbit.RabbitOptionProvider.SSL;
import static dev.bosun.rabbit.RabbitOptionProvider.SSL_CA_FILE;
import static dev.bosun.rabbit.RabbitOptionProvider.SSL_CERT_FILE;
import static dev.bosun.rabbit.RabbitOptionProvider.SSL_ENFORCE_HOSTNAME_VERIFICATION;
import static dev.bosun.rabbit.RabbitOptionProvider.SSL_KEY_FILE;
import static dev.bosun.rabbit.RabbitOptionProvider.SSL_VERSION;

import dev.bosun.config.Config;
import dev.bosun.config.ConfigException;
import dev.bosun.config.Opt;
import dev.bosun.config.ValueSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The options of oslo.messaging's {@code [oslo_messaging_rabbit]} group that change what goes on
 * the wire, the topology, or how the connection behaves. Names and defaults are oslo's (14.0.3), so
 * a value copied from a Python service's config means the same here. Every service on one bus MUST
 * use the same queue options ({@code amqp_durable_queues}, {@code amqp_auto_delete}, {@code
 * rabbit_ha_queues}, {@code rabbit_quorum_queue} and its arguments, {@code
 * rabbit_transient_queues_ttl}): RabbitMQ refuses a declaration whose flags differ from the
 * existing entity.
 *
 * <p>The options are declared once, as {@link dev.bosun.config.Opt}s in {@link
 * RabbitOptionProvider}: their names, defaults, bounds and choices are what this record checks,
 * whichever way it is built: {@link #fromConfig(Config)}, {@link #fromMap(Map)} (oslo's names and
 * text values, as in the query of a {@code transport_url}, {@code
 * rabbit://h/?rabbit_qos_prefetch_count=5}), {@link #builder()} or the canonical constructor. Every
 * problem is a {@link ConfigException} naming {@code [oslo_messaging_rabbit] <name>} and the bad
 * value.
 *
 * @param amqpDurableQueues {@code amqp_durable_queues}: durable control exchange and
 *     topic/server/notification queues
 * @param amqpAutoDelete {@code amqp_auto_delete}: auto-delete control exchange and
 *     topic/server/notification queues
 * @param rabbitHaQueues {@code rabbit_ha_queues}: add {@code x-ha-policy: all} to every queue
 * @param rabbitQuorumQueue {@code rabbit_quorum_queue}: topic/server/notification queues are quorum
 *     queues, durable, and so is the control exchange
 * @param rabbitQuorumDeliveryLimit {@code rabbit_quorum_delivery_limit}: {@code x-delivery-limit}
 *     when &gt; 0
 * @param rabbitQuorumMaxMemoryLength {@code rabbit_quorum_max_memory_length} (oslo 14.0's
 *     misspelling {@code rabbit_quroum_max_memory_length} is accepted too): {@code
 *     x-max-in-memory-length} when &gt; 0
 * @param rabbitQuorumMaxMemoryBytes {@code rabbit_quorum_max_memory_bytes} (or {@code
 *     rabbit_quroum_max_memory_bytes}): {@code x-max-in-memory-bytes} when &gt; 0
 * @param rabbitTransientQueuesTtl {@code rabbit_transient_queues_ttl}, seconds: {@code x-expires}
 *     of reply and fanout queues; 0 declares them without {@code x-expires} (oslo 14.6+ meaning)
 * @param rabbitQosPrefetchCount {@code rabbit_qos_prefetch_count}: {@code basic.qos} on consuming
 *     channels when &gt; 0
 * @param enableCancelOnFailover {@code enable_cancel_on_failover}: consumer argument {@code
 *     x-cancel-on-ha-failover}
 * @param heartbeatTimeoutThreshold {@code heartbeat_timeout_threshold}, seconds: the AMQP heartbeat
 *     asked of the broker; 0 disables it
 * @param heartbeatRate {@code heartbeat_rate}: checks per heartbeat interval. Validated and kept
 *     for config compatibility; amqp-client sends heartbeats at half the interval by itself
 * @param rabbitRetryInterval {@code rabbit_retry_interval}, seconds: first delay between
 *     reconnection attempts
 * @param rabbitRetryBackoff {@code rabbit_retry_backoff}, seconds added to the delay after each
 *     failed attempt
 * @param rabbitIntervalMax {@code rabbit_interval_max}, seconds: the delay never exceeds this
 * @param kombuReconnectDelay {@code kombu_reconnect_delay}, seconds: wait before the first
 *     reconnection attempt, and before re-consuming after the broker cancelled a consumer
 * @param kombuCompression {@code kombu_compression}: empty (none), {@code gzip} (a zlib stream, as
 *     kombu writes it) or {@code bz2}
 * @param ssl {@code ssl}: connect with TLS
 * @param sslCaFile {@code ssl_ca_file}: PEM file of CA certificates to trust; empty trusts the
 *     JVM's default trust store
 * @param sslCertFile {@code ssl_cert_file}: PEM client certificate (chain); empty for none. With an
 *     empty {@code ssl_key_file} it holds the key too, as Python's ssl allows
 * @param sslKeyFile {@code ssl_key_file}: PEM private key of the client certificate, unencrypted:
 *     PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code
 *     BEGIN EC PRIVATE KEY})
 * @param sslVersion {@code ssl_version}: empty for the JVM's default, else one of {@code TLSv1},
 *     {@code TLSv1_1}, {@code TLSv1_2}, {@code TLSv1_3} (oslo's spelling; {@code TLSv1.2} is
 *     accepted too)
 * @param sslEnforceHostnameVerification {@code ssl_enforce_hostname_verification}: check the
 *     broker's certificate names its host (default true, as oslo 18.1+)
 * @param rabbitLoginMethod {@code rabbit_login_method}: {@code EXTERNAL} logs in with the client
 *     certificate (and needs {@code ssl} and {@code ssl_cert_file}); anything else logs in with
 *     user and password by PLAIN
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
    boolean sslEnforceHostnameVerification,
    String rabbitLoginMethod) {

  private static final ValueSource IN_CODE = new ValueSource.Given("RabbitOptions");
  private static final ValueSource GIVEN = new ValueSource.Given("transport options");

  /**
   * Every declared option by its name and deprecated names; deprecated names map to the current
   * option.
   */
  private static final Map<String, Opt<?>> BY_NAME = byName();

  /**
   * @throws ConfigException naming {@code [oslo_messaging_rabbit] <name>} when a value is outside
   *     its option's bounds or choices, or two values contradict each other
   */
  public RabbitOptions {
    check(RABBIT_QUORUM_DELIVERY_LIMIT, rabbitQuorumDeliveryLimit);
    check(RABBIT_QUORUM_MAX_MEMORY_LENGTH, rabbitQuorumMaxMemoryLength);
    check(RABBIT_QUORUM_MAX_MEMORY_BYTES, rabbitQuorumMaxMemoryBytes);
    check(RABBIT_TRANSIENT_QUEUES_TTL, rabbitTransientQueuesTtl);
    check(RABBIT_QOS_PREFETCH_COUNT, rabbitQosPrefetchCount);
    check(HEARTBEAT_TIMEOUT_THRESHOLD, heartbeatTimeoutThreshold);
    check(HEARTBEAT_RATE, heartbeatRate);
    check(RABBIT_RETRY_INTERVAL, rabbitRetryInterval);
    check(RABBIT_RETRY_BACKOFF, rabbitRetryBackoff);
    check(RABBIT_INTERVAL_MAX, rabbitIntervalMax);
    if (!Double.isFinite(kombuReconnectDelay)) {
      throw new ConfigException(
          KOMBU_RECONNECT_DELAY + " must be a finite number, found " + kombuReconnectDelay);
    }
    check(KOMBU_RECONNECT_DELAY, kombuReconnectDelay);
    if (rabbitHaQueues && rabbitQuorumQueue) {
      throw new ConfigException(
          "["
              + RabbitOptionProvider.GROUP_NAME
              + "] rabbit_quorum_queue"
              + " and rabbit_ha_queues are both true; a queue is either quorum or HA (mirrored), not"
              + " both: set one of them to false");
    }
    kombuCompression = check(KOMBU_COMPRESSION, nonNull(kombuCompression).trim());
    sslCaFile = nonNull(sslCaFile);
    sslCertFile = nonNull(sslCertFile);
    sslKeyFile = nonNull(sslKeyFile);
    sslVersion = check(SSL_VERSION, nonNull(sslVersion).trim());
    rabbitLoginMethod = check(RABBIT_LOGIN_METHOD, nonNull(rabbitLoginMethod).trim());
    if (rabbitLoginMethod.equals("EXTERNAL") && (!ssl || sslCertFile.isEmpty())) {
      throw new ConfigException(
          "["
              + RabbitOptionProvider.GROUP_NAME
              + "] rabbit_login_method = EXTERNAL logs in with the client certificate, so it needs"
              + " ssl = true and ssl_cert_file; found ssl = "
              + ssl
              + ", ssl_cert_file = '"
              + sslCertFile
              + "'");
    }
    if (sslCertFile.isEmpty() && !sslKeyFile.isEmpty()) {
      throw new ConfigException(
          "["
              + RabbitOptionProvider.GROUP_NAME
              + "] ssl_key_file = '"
              + sslKeyFile
              + "' is the key of a client certificate, and ssl_cert_file is empty: set"
              + " ssl_cert_file to the certificate");
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
    asMap().forEach(b::set);
    return b;
  }

  /**
   * Options from oslo names and string values, e.g. the query of a {@code transport_url} or the
   * {@code [oslo_messaging_rabbit]} section of a config file; absent names keep oslo's default.
   * Values are read as a config file's would be, by {@link RabbitOptionProvider}'s declarations.
   *
   * @throws ConfigException naming {@code [oslo_messaging_rabbit] <name>} and the value when a name
   *     is unknown or a value does not parse or is out of range
   */
  public static RabbitOptions fromMap(Map<String, String> values) {
    Builder b = builder();
    values.forEach(b::set);
    return b.build();
  }

  /**
   * The options of the {@code [oslo_messaging_rabbit]} group of {@code config}, registering the
   * group first if it is not yet (then values come from the files and environment already read).
   *
   * @throws ConfigException when the config holds bad values for the group
   */
  public static RabbitOptions fromConfig(Config config) {
    config.register(RabbitOptionProvider.GROUP);
    Builder b = builder();
    for (Opt<?> opt : RabbitOptionProvider.GROUP.options()) {
      config.find(opt).ifPresent(value -> b.values.put(opt, value));
    }
    return b.build();
  }

  /**
   * Whether the control exchange and shared queues are durable: {@code amqp_durable_queues OR
   * rabbit_quorum_queue}.
   */
  public boolean durable() {
    return amqpDurableQueues || rabbitQuorumQueue;
  }

  /** The delay before reconnection attempt {@code attempt} (0 for the first). */
  public Duration reconnectDelay(int attempt) {
    if (attempt <= 0) {
      return Duration.ofMillis(Math.round(kombuReconnectDelay * 1000));
    }
    long seconds =
        Math.min(
            (long) rabbitRetryInterval + (long) (attempt - 1) * rabbitRetryBackoff,
            rabbitIntervalMax);
    return Duration.ofSeconds(seconds);
  }

  /**
   * The values under oslo's names, as a config file would write them (for reports; no secrets
   * here). {@link #fromMap} reads them back to equal options.
   */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    put(m, AMQP_DURABLE_QUEUES, amqpDurableQueues);
    put(m, AMQP_AUTO_DELETE, amqpAutoDelete);
    put(m, RABBIT_HA_QUEUES, rabbitHaQueues);
    put(m, RABBIT_QUORUM_QUEUE, rabbitQuorumQueue);
    put(m, RABBIT_QUORUM_DELIVERY_LIMIT, rabbitQuorumDeliveryLimit);
    put(m, RABBIT_QUORUM_MAX_MEMORY_LENGTH, rabbitQuorumMaxMemoryLength);
    put(m, RABBIT_QUORUM_MAX_MEMORY_BYTES, rabbitQuorumMaxMemoryBytes);
    put(m, RABBIT_TRANSIENT_QUEUES_TTL, rabbitTransientQueuesTtl);
    put(m, RABBIT_QOS_PREFETCH_COUNT, rabbitQosPrefetchCount);
    put(m, ENABLE_CANCEL_ON_FAILOVER, enableCancelOnFailover);
    put(m, HEARTBEAT_TIMEOUT_THRESHOLD, heartbeatTimeoutThreshold);
    put(m, HEARTBEAT_RATE, heartbeatRate);
    put(m, RABBIT_RETRY_INTERVAL, rabbitRetryInterval);
    put(m, RABBIT_RETRY_BACKOFF, rabbitRetryBackoff);
    put(m, RABBIT_INTERVAL_MAX, rabbitIntervalMax);
    put(m, KOMBU_RECONNECT_DELAY, kombuReconnectDelay);
    put(m, KOMBU_COMPRESSION, kombuCompression);
    put(m, SSL, ssl);
    put(m, SSL_CA_FILE, sslCaFile);
    put(m, SSL_CERT_FILE, sslCertFile);
    put(m, SSL_KEY_FILE, sslKeyFile);
    put(m, SSL_VERSION, sslVersion);
    put(m, SSL_ENFORCE_HOSTNAME_VERIFICATION, sslEnforceHostnameVerification);
    put(m, RABBIT_LOGIN_METHOD, rabbitLoginMethod);
    return m;
  }

  private static <T> void put(Map<String, String> m, Opt<T> opt, T value) {
    m.put(opt.name(), opt.format(value));
  }

  private static <T> T check(Opt<T> opt, T value) {
    return opt.check(value, IN_CODE);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static Map<String, Opt<?>> byName() {
    Map<String, Opt<?>> m = new HashMap<>();
    for (Opt<?> opt : RabbitOptionProvider.GROUP.options()) {
      m.put(opt.name(), opt);
      opt.deprecatedNames().forEach(old -> m.put(old.name(), opt));
    }
    return Map.copyOf(m);
  }

  /**
   * Collects option values; {@link #build()} checks them together. Not thread-safe. Values set by
   * name are read and checked at once, by their option's declaration; typed setters are checked by
   * {@link #build()}.
   */
  public static final class Builder {
    private final Map<Opt<?>, Object> values = new HashMap<>();

    private Builder() {}

    /**
     * Sets an option by its oslo name (or a deprecated name) from its text form, as a config file
     * would ({@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}, {@code
     * 1}/{@code 0} for booleans). Options oslo has but Bosun ignores are checked, then dropped.
     *
     * @throws ConfigException for an unknown name, or a value that does not parse or is out of
     *     range, naming the option and the value
     */
    public Builder set(String name, String value) {
      return set(name, value, GIVEN);
    }

    /**
     * {@link #set(String, String)}, with errors naming {@code source} (e.g. a {@code transport_url}
     * query) as where the value came from.
     */
    public Builder set(String name, String value, ValueSource source) {
      String key = name.trim();
      Opt<?> opt = BY_NAME.get(key);
      if (opt == null) {
        throw new ConfigException(
            source.location()
                + ": unknown ["
                + RabbitOptionProvider.GROUP_NAME
                + "] option '"
                + name
                + "' (value '"
                + value
                + "'); known options: "
                + new TreeSet<>(BY_NAME.keySet()));
      }
      Object parsed = opt.parse(value == null ? "" : value, source);
      if (!RabbitOptionProvider.IGNORED.contains(opt)) {
        values.put(opt, parsed);
      }
      return this;
    }

    public Builder amqpDurableQueues(boolean v) {
      return put(AMQP_DURABLE_QUEUES, v);
    }

    public Builder amqpAutoDelete(boolean v) {
      return put(AMQP_AUTO_DELETE, v);
    }

    public Builder rabbitHaQueues(boolean v) {
      return put(RABBIT_HA_QUEUES, v);
    }

    public Builder rabbitQuorumQueue(boolean v) {
      return put(RABBIT_QUORUM_QUEUE, v);
    }

    public Builder rabbitQuorumDeliveryLimit(int v) {
      return put(RABBIT_QUORUM_DELIVERY_LIMIT, v);
    }

    public Builder rabbitQuorumMaxMemoryLength(int v) {
      return put(RABBIT_QUORUM_MAX_MEMORY_LENGTH, v);
    }

    public Builder rabbitQuorumMaxMemoryBytes(int v) {
      return put(RABBIT_QUORUM_MAX_MEMORY_BYTES, v);
    }

    public Builder rabbitTransientQueuesTtl(int seconds) {
      return put(RABBIT_TRANSIENT_QUEUES_TTL, seconds);
    }

    public Builder rabbitQosPrefetchCount(int v) {
      return put(RABBIT_QOS_PREFETCH_COUNT, v);
    }

    public Builder enableCancelOnFailover(boolean v) {
      return put(ENABLE_CANCEL_ON_FAILOVER, v);
    }

    public Builder heartbeatTimeoutThreshold(int seconds) {
      return put(HEARTBEAT_TIMEOUT_THRESHOLD, seconds);
    }

    public Builder heartbeatRate(int v) {
      return put(HEARTBEAT_RATE, v);
    }

    public Builder rabbitRetryInterval(int seconds) {
      return put(RABBIT_RETRY_INTERVAL, seconds);
    }

    public Builder rabbitRetryBackoff(int seconds) {
      return put(RABBIT_RETRY_BACKOFF, seconds);
    }

    public Builder rabbitIntervalMax(int seconds) {
      return put(RABBIT_INTERVAL_MAX, seconds);
    }

    public Builder kombuReconnectDelay(double seconds) {
      return put(KOMBU_RECONNECT_DELAY, seconds);
    }

    public Builder kombuCompression(String v) {
      return put(KOMBU_COMPRESSION, v);
    }

    public Builder ssl(boolean v) {
      return put(SSL, v);
    }

    public Builder sslCaFile(String v) {
      return put(SSL_CA_FILE, v);
    }

    public Builder sslCertFile(String v) {
      return put(SSL_CERT_FILE, v);
    }

    public Builder sslKeyFile(String v) {
      return put(SSL_KEY_FILE, v);
    }

    public Builder sslVersion(String v) {
      return put(SSL_VERSION, v);
    }

    public Builder sslEnforceHostnameVerification(boolean v) {
      return put(SSL_ENFORCE_HOSTNAME_VERIFICATION, v);
    }

    public Builder rabbitLoginMethod(String v) {
      return put(RABBIT_LOGIN_METHOD, v);
    }

    /**
     * Checks the values and builds the options.
     *
     * @throws ConfigException naming the option and its bad value
     */
    public RabbitOptions build() {
      return new RabbitOptions(
          get(AMQP_DURABLE_QUEUES),
          get(AMQP_AUTO_DELETE),
          get(RABBIT_HA_QUEUES),
          get(RABBIT_QUORUM_QUEUE),
          get(RABBIT_QUORUM_DELIVERY_LIMIT),
          get(RABBIT_QUORUM_MAX_MEMORY_LENGTH),
          get(RABBIT_QUORUM_MAX_MEMORY_BYTES),
          get(RABBIT_TRANSIENT_QUEUES_TTL),
          get(RABBIT_QOS_PREFETCH_COUNT),
          get(ENABLE_CANCEL_ON_FAILOVER),
          get(HEARTBEAT_TIMEOUT_THRESHOLD),
          get(HEARTBEAT_RATE),
          get(RABBIT_RETRY_INTERVAL),
          get(RABBIT_RETRY_BACKOFF),
          get(RABBIT_INTERVAL_MAX),
          get(KOMBU_RECONNECT_DELAY),
          get(KOMBU_COMPRESSION),
          get(SSL),
          get(SSL_CA_FILE),
          get(SSL_CERT_FILE),
          get(SSL_KEY_FILE),
          get(SSL_VERSION),
          get(SSL_ENFORCE_HOSTNAME_VERIFICATION),
          get(RABBIT_LOGIN_METHOD));
    }

    private <T> Builder put(Opt<T> opt, T value) {
      values.put(opt, value == null ? opt.defaultValue().orElseThrow() : value);
      return this;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Opt<T> opt) {
      Object value = values.get(opt);
      return value == null ? opt.defaultValue().orElseThrow() : (T) value;
    }
  }
}
