package dev.bosun.rpc;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One call waiting for its replies: oslo's {@code ReplyWaiter.wait} loop (oslo-wire §6.4) as a
 * state machine driven by reply deliveries and timers.
 *
 * <p>A reply with a {@code failure}, or a non-null {@code result}, becomes the final value; a reply
 * with neither and {@code ending} false is a heartbeat and restarts the call-monitor timer; {@code
 * ending: true} completes the call with the final value (so the legacy two-message form works too).
 * The overall timeout runs from the send and is never extended by heartbeats.
 *
 * <p>Thread-safe: replies arrive on a transport thread, timeouts on the timer thread.
 */
final class PendingCall {
  private final String msgId;
  private final String method;
  private final String version;
  private final Target target;
  private final Duration timeout;
  private final Optional<Duration> callMonitorTimeout;
  private final ReplyListener listener;
  private final CompletableFuture<JsonNode> future = new CompletableFuture<>();
  private @Nullable Object finalValue;
  private RpcTimers.@Nullable Task overallTimer;
  private RpcTimers.@Nullable Task monitorTimer;
  private boolean done;

  PendingCall(
      String msgId,
      String method,
      String version,
      Target target,
      Duration timeout,
      Optional<Duration> callMonitorTimeout,
      ReplyListener listener) {
    this.msgId = msgId;
    this.method = method;
    this.version = version;
    this.target = target;
    this.timeout = timeout;
    this.callMonitorTimeout = callMonitorTimeout;
    this.listener = listener;
  }

  String msgId() {
    return msgId;
  }

  /** Completes with the final result ({@code NullNode} for null) or the call's exception. */
  CompletableFuture<JsonNode> future() {
    return future;
  }

  synchronized void startTimers() {
    if (done) {
      return;
    }
    overallTimer =
        RpcTimers.schedule(
            () ->
                fail(
                    new RpcTimeoutException(
                        "Timed out after "
                            + describe(timeout)
                            + " waiting for a reply to '"
                            + method
                            + "' on "
                            + target
                            + " (msg_id "
                            + msgId
                            + "); the server may be down, overloaded, or still working on it",
                        timeout)),
            timeout.toMillis());
    restartMonitor();
  }

  synchronized void onReply(ObjectNode reply) {
    if (done) {
      return;
    }
    JsonNode failure = reply.get("failure");
    Object value = null;
    if (failure != null && !failure.isNull()) {
      value =
          failure.isString()
              ? listener.failureToException(failure.asString(), method, version)
              : new RemoteException(
                  "MalformedFailure",
                  "",
                  "the server sent a failure that is not a " + "JSON string: " + failure,
                  java.util.List.of(),
                  java.util.List.of(),
                  java.util.Map.of());
    } else {
      JsonNode result = reply.get("result");
      if (result != null && !result.isNull()) {
        value = result;
      }
    }
    boolean ending = reply.path("ending").asBoolean(false);
    if (value != null) {
      finalValue = value;
    } else if (!ending) {
      restartMonitor();
    }
    if (ending) {
      finish();
      if (finalValue instanceof RuntimeException error) {
        future.completeExceptionally(error);
      } else {
        future.complete(finalValue == null ? NullNode.getInstance() : (JsonNode) finalValue);
      }
    }
  }

  void fail(RuntimeException error) {
    synchronized (this) {
      if (done) {
        return;
      }
      finish();
    }
    future.completeExceptionally(error);
  }

  private void restartMonitor() {
    if (callMonitorTimeout.isEmpty()) {
      return;
    }
    if (monitorTimer != null) {
      monitorTimer.cancel();
    }
    Duration limit = callMonitorTimeout.get();
    monitorTimer =
        RpcTimers.schedule(
            () ->
                fail(
                    new RpcTimeoutException(
                        "No reply or heartbeat "
                            + "for '"
                            + method
                            + "' on "
                            + target
                            + " within the call-monitor timeout of "
                            + describe(limit)
                            + " (msg_id "
                            + msgId
                            + "); the server handling it may have died",
                        limit)),
            limit.toMillis());
  }

  private void finish() {
    done = true;
    if (overallTimer != null) {
      overallTimer.cancel();
    }
    if (monitorTimer != null) {
      monitorTimer.cancel();
    }
    listener.remove(msgId);
  }

  static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
  }
}
