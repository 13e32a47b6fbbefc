package dev.bosun.rabbit;

import dev.bosun.config.Opt;
import dev.bosun.config.OptionGroup;
import dev.bosun.config.OptionProvider;
import java.util.List;

/**
 * The {@code [oslo_messaging_rabbit]} options, declared once: names, defaults and help are
 * oslo.messaging's (14.0.3, the version the interop tests run against), so a section copied from a
 * Python service's config means the same here. {@link RabbitOptions} reads, checks and defaults its
 * values through these declarations, whether they come from a {@link dev.bosun.config.Config}, from
 * a {@code transport_url} query or from its builder.
 *
 * <p>Where Bosun departs from oslo, the help says so: the misspelled {@code
 * rabbit_quroum_max_memory_*} names of oslo 14.0.3 are accepted as deprecated names of {@code
 * rabbit_quorum_max_memory_*} (oslo 14.3's spelling); options that have no effect on the JVM client
 * are declared under {@link #IGNORED} so a config shared with Python services loads without
 * warnings.
 */
public final class RabbitOptionProvider implements OptionProvider {
  /** The group's name. */
  public static final String GROUP_NAME = "oslo_messaging_rabbit";

  private static final String IGNORED_HELP =
      " Accepted for compatibility with oslo.messaging; it has no effect in Bosun.";

  public static final Opt<Boolean> AMQP_DURABLE_QUEUES =
      Opt.bool("amqp_durable_queues")
          .group(GROUP_NAME)
          .defaultValue(false)
          .help(
              "Use durable queues in AMQP: the control exchange and the topic, server and "
                  + "notification queues survive a broker restart. With rabbit_quorum_queue the queues "
                  + "are durable whatever this says. Every service on one bus must agree.")
          .build();

  public static final Opt<Boolean> AMQP_AUTO_DELETE =
      Opt.bool("amqp_auto_delete")
          .group(GROUP_NAME)
          .defaultValue(false)
          .help(
              "Auto-delete the control exchange and the topic, server and notification queues "
                  + "when their last consumer goes. Every service on one bus must agree.")
          .build();

  public static final Opt<Boolean> RABBIT_HA_QUEUES =
      Opt.bool("rabbit_ha_queues")
          .group(GROUP_NAME)
          .defaultValue(false)
          .help(
              "Try to use HA queues in RabbitMQ (x-ha-policy: all). If you change this option, "
                  + "you must wipe the RabbitMQ database. Since RabbitMQ 3.0 mirroring is set by policy, "
                  + "not by this argument. Cannot be combined with rabbit_quorum_queue.")
          .build();

  public static final Opt<Boolean> RABBIT_QUORUM_QUEUE =
      Opt.bool("rabbit_quorum_queue")
          .group(GROUP_NAME)
          .defaultValue(false)
          .help(
              "Use quorum queues in RabbitMQ (x-queue-type: quorum) for the topic, server and "
                  + "notification queues; they and the control exchange are then durable. Reply and "
                  + "fanout queues stay classic. If you change this option, you must wipe the RabbitMQ "
                  + "database. Cannot be combined with rabbit_ha_queues.")
          .build();

  public static final Opt<Integer> RABBIT_QUORUM_DELIVERY_LIMIT =
      Opt.integer("rabbit_quorum_delivery_limit")
          .group(GROUP_NAME)
          .defaultValue(0)
          .min(0)
          .help(
              "Each time a message is redelivered to a consumer a counter is incremented; once "
                  + "it exceeds this limit the message is dropped or dead-lettered. Used only with "
                  + "rabbit_quorum_queue; 0 sets no limit.")
          .build();

  public static final Opt<Integer> RABBIT_QUORUM_MAX_MEMORY_LENGTH =
      Opt.integer("rabbit_quorum_max_memory_length")
          .group(GROUP_NAME)
          .defaultValue(0)
          .min(0)
          .deprecatedName("rabbit_quroum_max_memory_length")
          .help(
              "The most messages a quorum queue keeps in memory (x-max-in-memory-length). Used "
                  + "only with rabbit_quorum_queue; 0 sets no limit. oslo.messaging before 14.3 "
                  + "spells it rabbit_quroum_max_memory_length, which is accepted.")
          .build();

  public static final Opt<Integer> RABBIT_QUORUM_MAX_MEMORY_BYTES =
      Opt.integer("rabbit_quorum_max_memory_bytes")
          .group(GROUP_NAME)
          .defaultValue(0)
          .min(0)
          .deprecatedName("rabbit_quroum_max_memory_bytes")
          .help(
              "The most bytes of messages a quorum queue keeps in memory "
                  + "(x-max-in-memory-bytes). Used only with rabbit_quorum_queue; 0 sets no limit. "
                  + "oslo.messaging before 14.3 spells it rabbit_quroum_max_memory_bytes, which is "
                  + "accepted.")
          .build();

  public static final Opt<Integer> RABBIT_TRANSIENT_QUEUES_TTL =
      Opt.integer("rabbit_transient_queues_ttl")
          .group(GROUP_NAME)
          .defaultValue(1800)
          .min(0)
          .help(
              "Seconds a reply or fanout queue may stay unused before the broker deletes it "
                  + "(x-expires). 0 declares them without x-expires (oslo 14.6's meaning; 14.0 "
                  + "requires at least 1): then a RabbitMQ policy must delete unused queues, or they "
                  + "pile up.")
          .build();

  public static final Opt<Integer> RABBIT_QOS_PREFETCH_COUNT =
      Opt.integer("rabbit_qos_prefetch_count")
          .group(GROUP_NAME)
          .defaultValue(0)
          .min(0)
          .help(
              "How many unacknowledged messages a consumer may hold (basic.qos). 0 (oslo's"
                  + " default) lets Bosun choose: an RPC server's queues get its handler capacity"
                  + " (executor_thread_pool_size, 64), so a slow server never buffers more;"
                  + " notification listeners get 16; reply queues get no limit.")
          .build();

  public static final Opt<Boolean> ENABLE_CANCEL_ON_FAILOVER =
      Opt.bool("enable_cancel_on_failover")
          .group(GROUP_NAME)
          .defaultValue(false)
          .help(
              "Consume with x-cancel-on-ha-failover, so that RabbitMQ cancels and notifies the "
                  + "consumers when a mirrored queue fails over.")
          .build();

  public static final Opt<Integer> HEARTBEAT_TIMEOUT_THRESHOLD =
      Opt.integer("heartbeat_timeout_threshold")
          .group(GROUP_NAME)
          .defaultValue(60)
          .min(0)
          .help(
              "Seconds after which the broker is considered down when AMQP heartbeats stop; "
                  + "0 disables heartbeats.")
          .build();

  public static final Opt<Integer> HEARTBEAT_RATE =
      Opt.integer("heartbeat_rate")
          .group(GROUP_NAME)
          .defaultValue(2)
          .min(1)
          .help(
              "How many times per heartbeat_timeout_threshold the heartbeat is checked (oslo "
                  + "14.0's default; 3 from 14.5). Checked and kept for compatibility: the Java AMQP "
                  + "client sends heartbeats at half the interval by itself.")
          .build();

  public static final Opt<Integer> RABBIT_RETRY_INTERVAL =
      Opt.integer("rabbit_retry_interval")
          .group(GROUP_NAME)
          .defaultValue(1)
          .min(0)
          .help(
              "Seconds before the first retry to connect to RabbitMQ after kombu_reconnect_delay.")
          .build();

  public static final Opt<Integer> RABBIT_RETRY_BACKOFF =
      Opt.integer("rabbit_retry_backoff")
          .group(GROUP_NAME)
          .defaultValue(2)
          .min(0)
          .help("Seconds added to the delay after each failed attempt to connect to RabbitMQ.")
          .build();

  public static final Opt<Integer> RABBIT_INTERVAL_MAX =
      Opt.integer("rabbit_interval_max")
          .group(GROUP_NAME)
          .defaultValue(30)
          .min(1)
          .help("The longest delay, in seconds, between attempts to connect to RabbitMQ.")
          .build();

  public static final Opt<Double> KOMBU_RECONNECT_DELAY =
      Opt.floating("kombu_reconnect_delay")
          .group(GROUP_NAME)
          .defaultValue(1.0)
          .min(0.0)
          .max(4.5)
          .help(
              "Seconds to wait before reconnecting after losing the connection, and before "
                  + "consuming again after the broker cancelled a consumer.")
          .build();

  public static final Opt<String> KOMBU_COMPRESSION =
      Opt.string("kombu_compression")
          .group(GROUP_NAME)
          .defaultValue("")
          .choices("", "gzip", "zlib", "bz2", "bzip2", "bzip")
          .help(
              "Compress every message body this process publishes: gzip or zlib (a zlib stream,"
                  + " as kombu writes it), bz2, bzip2 or bzip (bzip2), or empty for none. Received"
                  + " gzip- and bz2-compressed messages are always read; any other compression"
                  + " header is refused. oslo documents bz2, but kombu 5.2 (Debian 12) only knows"
                  + " bzip2: write bzip2 in a config shared with Python services.")
          .build();

  public static final Opt<Boolean> SSL =
      Opt.bool("ssl")
          .group(GROUP_NAME)
          .defaultValue(false)
          .help("Connect to RabbitMQ with TLS.")
          .build();

  public static final Opt<String> SSL_CA_FILE =
      Opt.string("ssl_ca_file")
          .group(GROUP_NAME)
          .defaultValue("")
          .help(
              "PEM file of the certification authorities to trust (valid only with ssl); empty "
                  + "trusts the JVM's default trust store.")
          .build();

  public static final Opt<String> SSL_CERT_FILE =
      Opt.string("ssl_cert_file")
          .group(GROUP_NAME)
          .defaultValue("")
          .help(
              "PEM file of the client certificate (chain) (valid only with ssl); its key is in "
                  + "ssl_key_file, or in this file too when ssl_key_file is empty.")
          .build();

  public static final Opt<String> SSL_KEY_FILE =
      Opt.string("ssl_key_file")
          .group(GROUP_NAME)
          .defaultValue("")
          .help(
              "PEM file of the private key of ssl_cert_file (valid only with ssl), unencrypted: "
                  + "PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or EC (BEGIN EC "
                  + "PRIVATE KEY). oslo has no option for a key's password; decrypt an encrypted "
                  + "key with: openssl pkey -in KEY -out PLAIN.")
          .build();

  public static final Opt<String> SSL_VERSION =
      Opt.string("ssl_version")
          .group(GROUP_NAME)
          .defaultValue("")
          .choices("", "TLSv1", "TLSv1_1", "TLSv1_2", "TLSv1_3", "TLSv1.1", "TLSv1.2", "TLSv1.3")
          .help(
              "The TLS version to use (valid only with ssl); empty lets the JVM choose. oslo's "
                  + "spelling (TLSv1_2) and the JDK's (TLSv1.2) are both accepted.")
          .build();

  public static final Opt<Boolean> SSL_ENFORCE_HOSTNAME_VERIFICATION =
      Opt.bool("ssl_enforce_hostname_verification")
          .group(GROUP_NAME)
          .defaultValue(true)
          .help(
              "Check that the broker's certificate names the host connected to (valid only "
                  + "with ssl). True as in oslo 18.1 and later; oslo 14.0 on Debian 12 defaults to "
                  + "false, which lets anyone holding a certificate of a trusted CA pose as the "
                  + "broker.")
          .build();

  public static final Opt<String> RABBIT_LOGIN_METHOD =
      Opt.choice("rabbit_login_method", "PLAIN", "AMQPLAIN", "EXTERNAL", "RABBIT-CR-DEMO")
          .group(GROUP_NAME)
          .defaultValue("AMQPLAIN")
          .help(
              "The RabbitMQ login method. EXTERNAL logs in with the client certificate "
                  + "(ssl_cert_file, ssl_key_file; RabbitMQ's rabbitmq_auth_mechanism_ssl plugin) "
                  + "and ignores the user and password of transport_url. Every other choice logs in "
                  + "with the user and password by PLAIN, which RabbitMQ treats as AMQPLAIN.")
          .build();

  /** oslo options that are read, type-checked and then ignored: they have no effect here. */
  public static final List<Opt<?>> IGNORED =
      List.of(
          Opt.integer("rpc_conn_pool_size")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue(30)
              .min(1)
              .help(
                  "Size of the RPC connection pool. Bosun publishes on one connection."
                      + IGNORED_HELP)
              .build(),
          Opt.integer("conn_pool_min_size")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue(2)
              .help("The pool size limit for connections expiration policy." + IGNORED_HELP)
              .build(),
          Opt.integer("conn_pool_ttl")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue(1200)
              .help("The time-to-live in seconds of idle connections in the pool." + IGNORED_HELP)
              .build(),
          Opt.choice("kombu_failover_strategy", "round-robin", "shuffle")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue("round-robin")
              .help(
                  "How the next broker is chosen when several are configured. Bosun tries them in "
                      + "the order written in transport_url."
                      + IGNORED_HELP)
              .build(),
          Opt.integer("kombu_missing_consumer_retry_timeout")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue(60)
              .help(
                  "How long to wait for a missing reply consumer before dropping the reply."
                      + IGNORED_HELP)
              .build(),
          Opt.bool("direct_mandatory_flag")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue(true)
              .help(
                  "Deprecated in oslo: replies are always published with mandatory." + IGNORED_HELP)
              .build(),
          Opt.bool("heartbeat_in_pthread")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue(false)
              .help("Run the heartbeat in a native Python thread." + IGNORED_HELP)
              .build(),
          Opt.floating("kombu_reconnect_splay")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue(0.0)
              .min(0.0)
              .help("Random extra delay before reconnecting." + IGNORED_HELP)
              .build(),
          Opt.bool("ssl_enforce_fips_mode")
              .group(GROUP_NAME)
              .ignored()
              .defaultValue(false)
              .help(
                  "Enforce OpenSSL FIPS mode; on the JVM that is the security provider's business."
                      + IGNORED_HELP)
              .build());

  /** Every option of the group: those Bosun uses, then {@link #IGNORED}. */
  public static final OptionGroup GROUP = group();

  private static OptionGroup group() {
    List<Opt<?>> used =
        List.of(
            AMQP_DURABLE_QUEUES,
            AMQP_AUTO_DELETE,
            RABBIT_HA_QUEUES,
            RABBIT_QUORUM_QUEUE,
            RABBIT_QUORUM_DELIVERY_LIMIT,
            RABBIT_QUORUM_MAX_MEMORY_LENGTH,
            RABBIT_QUORUM_MAX_MEMORY_BYTES,
            RABBIT_TRANSIENT_QUEUES_TTL,
            RABBIT_QOS_PREFETCH_COUNT,
            ENABLE_CANCEL_ON_FAILOVER,
            HEARTBEAT_TIMEOUT_THRESHOLD,
            HEARTBEAT_RATE,
            RABBIT_RETRY_INTERVAL,
            RABBIT_RETRY_BACKOFF,
            RABBIT_INTERVAL_MAX,
            KOMBU_RECONNECT_DELAY,
            KOMBU_COMPRESSION,
            SSL,
            SSL_CA_FILE,
            SSL_CERT_FILE,
            SSL_KEY_FILE,
            SSL_VERSION,
            SSL_ENFORCE_HOSTNAME_VERIFICATION,
            RABBIT_LOGIN_METHOD);
    List<Opt<?>> all = new java.util.ArrayList<>(used);
    all.addAll(IGNORED);
    return new OptionGroup(
        GROUP_NAME,
        "The RabbitMQ transport (rabbit:// and kombu:// "
            + "transport_url), with oslo.messaging's names and defaults. Options in the query of "
            + "transport_url override these. Every service on one bus must use the same queue "
            + "options (amqp_durable_queues, amqp_auto_delete, rabbit_ha_queues, rabbit_quorum_queue "
            + "and its limits, rabbit_transient_queues_ttl): RabbitMQ refuses a declaration whose "
            + "flags differ from the existing queue or exchange.",
        all);
  }

  /** For {@link java.util.ServiceLoader}. */
  public RabbitOptionProvider() {}

  @Override
  public List<OptionGroup> optionGroups() {
    return List.of(GROUP);
  }
}
