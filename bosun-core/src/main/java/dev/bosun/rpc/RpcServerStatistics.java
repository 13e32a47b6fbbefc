package dev.bosun.rpc;

import java.util.Map;

/**
 * A snapshot of an {@link RpcServer}'s counters since it was built, for reports.
 *
 * @param received requests taken for dispatch (calls and casts; duplicates and malformed messages
 *     excluded)
 * @param failed requests whose handling failed (dispatch errors and handler exceptions)
 * @param inFlight requests being handled now
 * @param duplicatesDropped requests dropped because their {@code _unique_id} was seen already
 * @param malformedDropped messages dropped because they were not oslo RPC requests
 * @param byMethod the same counters per wire method name; requests for methods no endpoint has are
 *     counted together under {@code "(unknown methods)"}, so hostile names cannot grow it
 */
public record RpcServerStatistics(
    long received,
    long failed,
    long inFlight,
    long duplicatesDropped,
    long malformedDropped,
    Map<String, MethodStatistics> byMethod) {

  public RpcServerStatistics {
    byMethod = Map.copyOf(byMethod);
  }

  /** Counters of one method. */
  public record MethodStatistics(long received, long failed, long inFlight) {}
}
