package dev.bosun.servicegroup;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of the {@code services} table, as read at {@code readAt} (the store's clock: the
 * database's {@code CURRENT_TIMESTAMP} for the JDBC store), with the liveness computed from it.
 *
 * <p>The columns keep nova's names and meanings; {@code rpcCurrentVersion} is cinder's.
 *
 * @param id the primary key; a recreated row gets a new one
 * @param uuid a random UUID given when the row is created
 * @param host the host name
 * @param binary the program name
 * @param topic the RPC topic
 * @param reportCount heartbeats written since the row was created
 * @param disabled whether the operator took the service out of scheduling (no effect on liveness)
 * @param disabledReason why it was disabled, when the operator said
 * @param forcedDown whether the operator declared it down, whatever its heartbeats say
 * @param version the service code version it last registered with
 * @param rpcCurrentVersion its manager's RPC API version, when it serves RPC
 * @param createdAt when the row was created (the store's clock)
 * @param updatedAt when the row last changed (the store's clock)
 * @param lastSeenUp the last heartbeat (the store's clock), empty before the first one
 * @param deletedAt when the row was soft-deleted; deleted rows are not returned by list or get
 * @param readAt the store's clock when this record was read; liveness is judged against it
 * @param up whether the service counts as up: not forced down, and its last heartbeat (or its
 *     creation, before the first one) at most {@code service_down_time} before {@code readAt}
 */
public record ServiceRecord(
    long id,
    String uuid,
    String host,
    String binary,
    String topic,
    long reportCount,
    boolean disabled,
    Optional<String> disabledReason,
    boolean forcedDown,
    int version,
    Optional<String> rpcCurrentVersion,
    Instant createdAt,
    Optional<Instant> updatedAt,
    Optional<Instant> lastSeenUp,
    Optional<Instant> deletedAt,
    Instant readAt,
    boolean up) {

  /**
   * The time liveness is measured from: {@code lastSeenUp}, else {@code createdAt} (nova's rule).
   */
  public Instant lastHeartbeat() {
    return lastSeenUp.orElse(createdAt);
  }

  /** Whether the row is soft-deleted. */
  public boolean deleted() {
    return deletedAt.isPresent();
  }

  /** {@code topic@host}, the name used in logs. */
  public String displayName() {
    return topic + "@" + host;
  }
}
