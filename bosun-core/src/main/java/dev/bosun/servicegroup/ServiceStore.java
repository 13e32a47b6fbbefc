package dev.bosun.servicegroup;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code services} table: one row per live (host, binary), heartbeats, operator flags.
 *
 * <p>Implementations: {@link #inMemory(Clock, Duration)} here (one JVM, tests) and the JDBC store
 * in {@code bosun-db} (H2, PostgreSQL). Both pass {@code dev.bosun.tck.ServiceStoreContract}.
 *
 * <p>Every method is safe to call from any thread, concurrently, and from several processes sharing
 * one database. Times in records come from the store's clock (the database's for the JDBC store),
 * never from the caller's, so clock skew between hosts cannot fake or hide a death. Liveness is
 * judged against the {@code serviceDownTime} the store was created with. Methods throw {@link
 * ServiceStoreException} when the store cannot be reached.
 */
public interface ServiceStore extends AutoCloseable {

  /**
   * An in-memory store whose "database clock" is {@code clock}: a supported implementation for
   * one-JVM use and tests (give it a manual clock to move time).
   *
   * @param serviceDownTime how long after its last heartbeat a service counts as down (> 0)
   */
  static ServiceStore inMemory(Clock clock, Duration serviceDownTime) {
    return new InMemoryServiceStore(clock, serviceDownTime);
  }

  /** The {@code service_down_time} liveness is judged with. */
  Duration serviceDownTime();

  /**
   * Gets or creates the live row of {@code registration}'s host and binary (nova's start steps
   * 6-7). A new row starts with {@code report_count = 0}; an existing row gets {@code topic},
   * {@code version} and {@code rpc_current_version} rewritten when they differ. Two processes
   * registering the same host and binary at once end with one row and no error.
   */
  ServiceRecord register(ServiceRegistration registration);

  /**
   * One heartbeat for the row {@code id}: increments {@code report_count} and sets {@code
   * last_seen_up} and {@code updated_at} to the store's now, in one write with no read.
   *
   * @return false when no live row has that id (it was deleted), so the caller can recreate it
   */
  boolean reportState(long id);

  /** Live services passing {@code filter}, ordered by id, each with its up state; one query. */
  List<ServiceRecord> list(ServiceFilter filter);

  /** The live service {@code binary} on {@code host}, if any. */
  Optional<ServiceRecord> find(String host, String binary);

  /** The live service {@code binary} on {@code host}, or a {@link ServiceNotFoundException}. */
  default ServiceRecord get(String host, String binary) {
    return find(host, binary).orElseThrow(() -> new ServiceNotFoundException(host, binary));
  }

  /**
   * Takes the service out of scheduling, recording {@code reason} (an empty reason records none).
   * Liveness is not affected.
   *
   * @throws ServiceNotFoundException when there is no such live service
   */
  ServiceRecord disable(String host, String binary, String reason);

  /** Puts the service back into scheduling and clears the reason. */
  ServiceRecord enable(String host, String binary);

  /** Declares the service down whatever its heartbeats say (nova's {@code forced_down}). */
  ServiceRecord forceDown(String host, String binary);

  /** Lets the heartbeats decide again. */
  ServiceRecord unforceDown(String host, String binary);

  /**
   * Soft-deletes the service: the row stays for history but is no longer listed, and a new row for
   * the same host and binary may be created (the running service recreates it at its next
   * heartbeat).
   */
  void delete(String host, String binary);

  /**
   * The lowest {@code rpc_current_version} among the up services of {@code topic}, compared as
   * {@code major.minor} numbers ("1.9" is older than "1.10"); empty when none is up or none serves
   * RPC. Clients cap their RPC version to it during rolling upgrades.
   */
  default Optional<String> minimumRpcVersion(String topic) {
    return findMinimumRpcVersion(topic).map(MinimumRpcVersion::version);
  }

  /**
   * Like {@link #minimumRpcVersion(String)}, with the number of up services of {@code topic} that
   * report an RPC version (services without one, or with an unreadable one, are not counted); one
   * {@link #list} call. Cinder's {@code Service.get_minimum_rpc_version}, for the automatic version
   * cap and its log line.
   */
  default Optional<MinimumRpcVersion> findMinimumRpcVersion(String topic) {
    ServiceRegistration.requireName("topic", topic);
    List<String> versions =
        list(ServiceFilter.all().withTopic(topic)).stream()
            .filter(ServiceRecord::up)
            .flatMap(r -> r.rpcCurrentVersion().stream())
            .filter(RpcVersions::valid)
            .toList();
    return versions.stream()
        .min(RpcVersions.ORDER)
        .map(lowest -> new MinimumRpcVersion(topic, lowest, versions.size()));
  }

  /**
   * The lowest code {@code version} among the up services of {@code binary}, nova's {@code
   * Service.get_minimum_version}; empty when none is up.
   */
  default Optional<Integer> minimumVersion(String binary) {
    return list(ServiceFilter.all().withBinary(binary)).stream()
        .filter(ServiceRecord::up)
        .map(ServiceRecord::version)
        .min(Integer::compare);
  }

  /** A short description for logs, with no secret, e.g. {@code jdbc:postgresql://db/bosun}. */
  String describe();

  /** Releases connections; idempotent. */
  @Override
  void close();
}
