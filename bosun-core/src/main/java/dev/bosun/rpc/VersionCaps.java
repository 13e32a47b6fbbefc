package dev.bosun.rpc;

import dev.bosun.servicegroup.ServiceStore;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The automatic version caps of one process (or one service), so that SIGHUP reaches them all:
 * nova's and cinder's {@code LAST_RPC_VERSIONS}, which {@code Manager.reset()} clears.
 *
 * <pre>{@code
 * VersionCaps caps = VersionCaps.create(serviceStore);            // held by the service
 * RpcClient volume = RpcClient.builder(transport)
 *     .target(Target.topic("volume"))
 *     .versionCap(caps.forSetting("volume", upgradeLevels.volume)) // "auto", "1.2" or ""
 *     .build();
 * ...
 * caps.reset();                                                  // in the service's reset()
 * }</pre>
 *
 * <p>There is one automatic cap per topic, shared by every client that asks for it, so the services
 * table is read once per topic, not once per client. Thread-safe.
 */
public final class VersionCaps {
  /** The setting that asks for an automatic cap, as nova's {@code [upgrade_levels]} spells it. */
  public static final String AUTO = "auto";

  private final ServiceStore store;
  private final Map<String, VersionCap> autoByTopic = new ConcurrentHashMap<>();

  private VersionCaps(ServiceStore store) {
    this.store = store;
  }

  /** Caps read from {@code store}. */
  public static VersionCaps create(ServiceStore store) {
    return new VersionCaps(Objects.requireNonNull(store, "store"));
  }

  /**
   * The automatic cap of {@code topic}: the same instance on every call for the same topic. See
   * {@link VersionCap#auto(ServiceStore, String)}.
   */
  public VersionCap auto(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank, found '" + topic + "'");
    }
    return autoByTopic.computeIfAbsent(topic, t -> VersionCap.auto(store, t));
  }

  /**
   * The cap a setting names, for an option like nova's {@code [upgrade_levels] <topic>}: {@value
   * #AUTO} (any case) for {@link #auto(String)}, blank for {@link VersionCap#none()}, otherwise a
   * version for {@link VersionCap#fixed(String)}.
   *
   * @throws IllegalArgumentException naming the topic and the value when it is none of these
   */
  public VersionCap forSetting(String topic, String setting) {
    Objects.requireNonNull(setting, "setting");
    String value = setting.trim();
    if (value.isEmpty()) {
      return VersionCap.none();
    }
    if (value.toLowerCase(Locale.ROOT).equals(AUTO)) {
      return auto(topic);
    }
    try {
      return VersionCap.fixed(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The RPC version cap of topic '"
              + topic
              + "' must be '"
              + AUTO
              + "', a version like 1.2, or empty for none; found '"
              + setting
              + "'",
          e);
    }
  }

  /**
   * Forgets every automatic cap's value, so each is read again from the services table on its next
   * request. A service calls this from its {@code reset()} (SIGHUP), after the last old service of
   * an upgraded topic is gone. Never blocks on a read in progress.
   */
  public void reset() {
    autoByTopic.values().forEach(VersionCap::reset);
  }

  /** The automatic caps handed out so far, for reports. */
  public List<VersionCap> automaticCaps() {
    return List.copyOf(autoByTopic.values());
  }

  @Override
  public String toString() {
    return "VersionCaps" + autoByTopic.values();
  }
}
