package dev.bosun.faults;

import dev.bosun.rpc.Cast;
import dev.bosun.rpc.RpcApi;
import java.util.List;
import java.util.Map;

/** The RPC API of the suite's service ({@code bosun run faultsink}), served in a child JVM. */
@RpcApi(topic = "faultsink", version = "1.0")
public interface SinkApi {
  /** Sleeps, then answers {@code millis}: a call that stays in flight. */
  int sleepMillis(int millis);

  /** Records {@code id}. */
  @Cast
  void tally(int id);

  /** Records {@code id} after 200 ms: a slow consumer for floods. */
  @Cast
  void slowTally(int id);

  /** {@code received} (every tally), {@code distinct}, {@code duplicates}. */
  Map<String, Long> counts();

  /** Every id recorded, once each, in no order. */
  List<Integer> received();

  /** Used heap in bytes right after a full GC, in the server's JVM. */
  long heapAfterGc();
}
