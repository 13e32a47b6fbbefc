package dev.bosun.rpc;

import dev.bosun.servicegroup.ServiceStore;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The highest RPC version a client sends: oslo's {@code version_cap}, fixed, absent, or chosen
 * automatically from the services that are running (nova's {@code [upgrade_levels] <service> =
 * auto}, cinder's automatic pinning).
 *
 * <pre>{@code
 * VersionCap.none()                       // send any version
 * VersionCap.fixed("1.2")                 // never above 1.2
 * VersionCap.auto(store, "volume")        // the oldest rpc_current_version of the live volume services
 * }</pre>
 *
 * <p>A client checks every request against {@link #current()} before anything is published; a
 * request above it fails with a {@link VersionCapException}, and {@link
 * RpcClient#canSendVersion(String)} lets code send an older form of the message instead. A typed
 * proxy method requests its {@link Since} version; one without {@code @Since} requests the
 * interface's version, so under a cap below it every such method is refused: give each method of an
 * API that has grown past its first version the version it needs.
 *
 * <p><b>Automatic caps.</b> During a rolling upgrade old and new services of a topic run side by
 * side; a new client must not send a message an old server cannot read. An automatic cap is the
 * lowest {@code rpc_current_version} among the up services of its topic, as the services table says
 * ({@link ServiceStore#findMinimumRpcVersion(String)}). It is read lazily, on the first request (or
 * {@code current()} / {@code canSendVersion}), and then cached: every later request costs one
 * volatile field read, never a query. A blocking request ({@code call}, {@code cast}, a proxy
 * method that is not asynchronous) and {@code current()} / {@code canSendVersion} read it on the
 * calling thread; {@code callAsync}, {@code castAsync} and asynchronous proxy methods read it on a
 * Bosun thread and send the request from there, so they never wait for the table. It changes only
 * when {@link #reset()} is called, which a service does on SIGHUP (see {@link VersionCaps}): as in
 * nova and cinder, an upgrade ends with a SIGHUP to the services that call the upgraded topic,
 * after the last old service is gone. The choice is logged at INFO, e.g. "Automatically selected
 * volume RPC version 1.2 as minimum service version (3 services)".
 *
 * <ul>
 *   <li>When no up service of the topic reports a version (none started yet), there is no cap: the
 *       request is sent uncapped, nothing is cached, and the next request asks again (cinder does
 *       not pin until services exist). This is logged once at INFO until a cap is chosen.
 *   <li>When the table cannot be read, the request fails with an {@link RpcException} naming the
 *       topic and the cause, nothing is sent and nothing cached; the next request asks again. Bosun
 *       refuses rather than sending uncapped, which could reach an old server.
 * </ul>
 *
 * <p>Threads: every method is thread-safe. Concurrent first requests wait for one read of the
 * table. A {@link #reset()} during a read makes that read's answer used once and not cached.
 *
 * <p>A cap is shared by every client {@link RpcClient#prepare prepared} from the client it was
 * given to, so resetting it reaches them all.
 */
public sealed interface VersionCap permits FixedVersionCap, AutoVersionCap {

  /** No cap: every version is sent. */
  static VersionCap none() {
    return FixedVersionCap.NONE;
  }

  /**
   * A fixed cap.
   *
   * @throws IllegalArgumentException when {@code version} is not {@code MAJOR.MINOR[.REV]}
   */
  static VersionCap fixed(String version) {
    return new FixedVersionCap(Optional.of(Version.parse(version)));
  }

  /**
   * The lowest {@code rpc_current_version} among the up services of {@code topic} in {@code store},
   * resolved and cached as the class comment says. A service gives its clients the caps of one
   * {@link VersionCaps} instead, so that SIGHUP resets them all.
   */
  static VersionCap auto(ServiceStore store, String topic) {
    Objects.requireNonNull(store, "store");
    checkTopic(topic);
    return new AutoVersionCap(
        topic,
        store.describe(),
        () ->
            store
                .findMinimumRpcVersion(topic)
                .map(minimum -> new AutoVersionCap.Reading(minimum.version(), minimum.services())));
  }

  /**
   * An automatic cap for {@code topic} read from any source: {@code minimumVersion} answers the
   * lowest version the servers of the topic understand, or empty when it does not know yet. It is
   * called only while the cap is not resolved, on the thread the class comment says: the caller's
   * for blocking requests, a Bosun thread for asynchronous ones.
   */
  static VersionCap auto(String topic, Supplier<Optional<String>> minimumVersion) {
    Objects.requireNonNull(minimumVersion, "minimumVersion");
    checkTopic(topic);
    return new AutoVersionCap(
        topic,
        "the given source",
        () -> minimumVersion.get().map(version -> new AutoVersionCap.Reading(version, 0)));
  }

  /**
   * The cap in force now, empty for none. An automatic cap not yet resolved is resolved here (see
   * the class comment); once resolved this is a field read.
   *
   * @throws RpcException when an automatic cap cannot be read from its source
   */
  Optional<Version> current();

  /** Whether the cap comes from the running services rather than a fixed setting. */
  boolean automatic();

  /**
   * Forgets an automatic cap's cached value, so the next request reads the services table again:
   * what SIGHUP does. Does nothing for a fixed cap or none.
   */
  void reset();

  private static void checkTopic(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank, found '" + topic + "'");
    }
  }
}
