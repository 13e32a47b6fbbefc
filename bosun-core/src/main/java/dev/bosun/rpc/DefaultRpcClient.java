package dev.bosun.rpc;

import dev.bosun.concurrent.Threads;
import dev.bosun.context.RequestContext;
import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.NoRouteException;
import dev.bosun.transport.PublishOptions;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@link RpcClient}: one immutable view of settings over a shared {@link ReplyListener}. */
final class DefaultRpcClient implements RpcClient {
  private static final MessageCodec CODEC = MessageCodec.create();

  /**
   * How long past its timeout a synchronous caller waits before giving up on its own: the call's
   * timer normally ends the call at the timeout, with the better message; this bound only matters
   * when that timer cannot run.
   */
  private static final long AWAIT_MARGIN_MILLIS = 1000;

  /**
   * Does the first-use work of asynchronous requests, which may block: reading an automatic version
   * cap that is not resolved yet, and subscribing the reply queue. Only requests that need it come
   * here; once both are done an asynchronous request never changes thread.
   */
  private static final ExecutorService FIRST_USE =
      Threads.newTaskExecutor("bosun-rpc-client-setup", 2);

  private final ReplyListener replies;
  private final String controlExchange;
  private final PartialTarget target;
  private final Duration timeout;
  private final Optional<Duration> callMonitorTimeout;
  private final VersionCap versionCap;

  private DefaultRpcClient(
      ReplyListener replies,
      String controlExchange,
      PartialTarget target,
      Duration timeout,
      Optional<Duration> callMonitorTimeout,
      VersionCap versionCap) {
    this.replies = replies;
    this.controlExchange = controlExchange;
    this.target = target;
    this.timeout = timeout;
    this.callMonitorTimeout = callMonitorTimeout;
    this.versionCap = versionCap;
  }

  static RpcClient create(RpcClient.Builder builder) {
    ClassLoader loader =
        builder.classLoader != null
            ? builder.classLoader
            : Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                .orElse(DefaultRpcClient.class.getClassLoader());
    ReplyListener replies =
        new ReplyListener(builder.transport, builder.allowedRemoteExmods, loader);
    return new DefaultRpcClient(
        replies,
        builder.controlExchange,
        builder.target,
        builder.timeout,
        builder.callMonitorTimeout,
        builder.versionCap);
  }

  @Override
  public Optional<Target> target() {
    return target.complete();
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public Optional<Duration> callMonitorTimeout() {
    return callMonitorTimeout;
  }

  @Override
  public VersionCap versionCap() {
    return versionCap;
  }

  @Override
  public boolean canSendVersion(String version) {
    Version requested = Version.parse(version);
    return versionCap.current().map(cap -> cap.canServe(requested)).orElse(true);
  }

  @Override
  public RpcClient prepare(Consumer<Prepare> changes) {
    Prepare prepare = new Prepare(target, timeout, callMonitorTimeout, versionCap);
    changes.accept(prepare);
    return new DefaultRpcClient(
        replies,
        controlExchange,
        prepare.target,
        prepare.timeout,
        prepare.callMonitorTimeout,
        prepare.versionCap);
  }

  @Override
  public <T> Optional<T> call(
      RequestContext context, String method, Map<String, ?> args, Class<T> resultType) {
    JsonNode json = await(callJson(context, method, toArgs(args), target, false), method, timeout);
    return convertResult(json, RpcJson.type(resultType), method).map(DefaultRpcClient::cast);
  }

  @Override
  public <T> CompletableFuture<Optional<T>> callAsync(
      RequestContext context, String method, Map<String, ?> args, Class<T> resultType) {
    JavaType type = RpcJson.type(resultType);
    return callJson(context, method, toArgs(args), target, true)
        .thenApply(json -> convertResult(json, type, method).map(DefaultRpcClient::cast));
  }

  @Override
  public void cast(RequestContext context, String method, Map<String, ?> args) {
    awaitSent(castJson(context, method, toArgs(args), target, false), method, target, timeout);
  }

  /**
   * Waits on the calling thread, at most {@code timeout}, for the transport to take a cast, and
   * throws its exception as is, or an {@link RpcTimeoutException} naming the cast.
   */
  static void awaitSent(
      CompletableFuture<Void> sent, String method, PartialTarget to, Duration timeout) {
    try {
      sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RpcTimeoutException(
          "The transport did not take cast '"
              + method
              + "' to "
              + to.complete().map(Target::toString).orElse("?")
              + " within "
              + PendingCall.describe(timeout)
              + "; the broker may be blocking publishers or "
              + "unreachable",
          timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RpcException("Interrupted while sending cast '" + method + "'", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  @Override
  public CompletableFuture<Void> castAsync(
      RequestContext context, String method, Map<String, ?> args) {
    return castJson(context, method, toArgs(args), target, true);
  }

  @Override
  public <T> T proxy(Class<T> api) {
    return TypedProxy.create(api, this);
  }

  @Override
  public void close() {
    replies.close();
  }

  @Override
  public String toString() {
    return "RpcClient["
        + target.complete().map(Target::toString).orElse("no topic")
        + ", timeout "
        + PendingCall.describe(timeout)
        + (versionCap.equals(VersionCap.none()) ? "" : ", cap " + versionCap)
        + "]";
  }

  /** The target with the settings of this view and the given overrides; for the proxy. */
  PartialTarget partialTarget() {
    return target;
  }

  /**
   * Sends a call to {@code to} and returns its raw final result. Programming errors (no topic, a
   * fanout target) are thrown; everything else fails the future. With {@code async}, first-use work
   * that may block runs on {@link #FIRST_USE}, not on the caller's thread.
   */
  CompletableFuture<JsonNode> callJson(
      RequestContext context, String method, ObjectNode args, PartialTarget to, boolean async) {
    Target resolved = resolve(to, method);
    if (resolved.fanout()) {
      throw new IllegalArgumentException(
          "RPC method '"
              + method
              + "' cannot be called on "
              + resolved
              + ": a call cannot be fanout (oslo InvalidTarget); use cast");
    }
    Objects.requireNonNull(context, "context");
    if (async && (capNotRead() || !replies.subscribed())) {
      return CompletableFuture.completedFuture(resolved)
          .thenComposeAsync(target -> sendCall(context, method, args, target), FIRST_USE);
    }
    return sendCall(context, method, args, resolved);
  }

  private CompletableFuture<JsonNode> sendCall(
      RequestContext context, String method, ObjectNode args, Target resolved) {
    String version = resolved.version().orElse(Version.DEFAULT.toString());
    Optional<RpcException> refused = checkCap(resolved, method);
    if (refused.isPresent()) {
      return CompletableFuture.failedFuture(refused.get());
    }
    String replyQueue;
    try {
      replyQueue = replies.queue();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    String msgId = newId();
    ObjectNode message = request(context, method, args, resolved);
    message.put("_msg_id", msgId);
    message.put("_reply_q", replyQueue);
    if (callMonitorTimeout.isPresent()) {
      message.put("_timeout", callMonitorTimeout.get().toMillis() / 1000.0);
    } else {
      message.putNull("_timeout");
    }
    message.put("_unique_id", newId());
    byte[] body = CODEC.encode(message);
    PendingCall call =
        new PendingCall(msgId, method, version, resolved, timeout, callMonitorTimeout, replies);
    replies.register(call);
    call.startTimers();
    PublishOptions options = new PublishOptions(timeout.toMillis(), true);
    CompletableFuture<Void> published;
    try {
      published = replies.transport().publish(topicDestination(resolved), body, options);
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    // the handler settles the call either way; its own future carries nothing more
    CompletableFuture<Void> unused =
        published.whenComplete(
            (ignored, error) -> {
              if (error != null) {
                call.fail(sendFailure(error, resolved, method));
              }
            });
    return call.future();
  }

  /** Sends a cast; errors as for {@link #callJson}. */
  CompletableFuture<Void> castJson(
      RequestContext context, String method, ObjectNode args, PartialTarget to, boolean async) {
    Target resolved = resolve(to, method);
    Objects.requireNonNull(context, "context");
    if (async && capNotRead()) {
      return CompletableFuture.completedFuture(resolved)
          .thenComposeAsync(target -> sendCast(context, method, args, target), FIRST_USE);
    }
    return sendCast(context, method, args, resolved);
  }

  private CompletableFuture<Void> sendCast(
      RequestContext context, String method, ObjectNode args, Target resolved) {
    try {
      replies.checkOpen();
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    Optional<RpcException> refused = checkCap(resolved, method);
    if (refused.isPresent()) {
      return CompletableFuture.failedFuture(refused.get());
    }
    ObjectNode message = request(context, method, args, resolved);
    message.put("_unique_id", newId());
    byte[] body = CODEC.encode(message);
    Destination destination =
        resolved.fanout() ? new Destination.Fanout(resolved.topic()) : topicDestination(resolved);
    CompletableFuture<Void> published;
    try {
      // mandatory: a cast no queue takes fails (MessageUndeliverableException) instead of being
      // confirmed and dropped; a fanout cast reaches the servers running now, which may be none
      published =
          replies
              .transport()
              .publish(
                  destination,
                  body,
                  resolved.fanout()
                      ? PublishOptions.DEFAULT
                      : PublishOptions.DEFAULT.withMandatory(true));
    } catch (RuntimeException e) {
      published = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Void> result = new CompletableFuture<>();
    // the handler completes result either way; its own future carries nothing more
    CompletableFuture<Void> unused =
        published.whenComplete(
            (ignored, error) -> {
              if (error != null) {
                result.completeExceptionally(sendFailure(error, resolved, method));
              } else {
                result.complete(null);
              }
            });
    return result;
  }

  static Optional<Object> convertResult(JsonNode json, JavaType type, String method) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(RpcJson.convert(json, type));
    } catch (JacksonException | IllegalArgumentException e) {
      throw new RpcException(
          "The result of '"
              + method
              + "' is not a "
              + type.toCanonical()
              + ": "
              + abbreviate(json)
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  static Optional<Object> convertResult(JsonNode json, Type type, String method) {
    return convertResult(json, RpcJson.type(type), method);
  }

  /**
   * Waits for a call's future on the calling thread and throws its exception as is; never longer
   * than {@code timeout} and a margin, so a synchronous call cannot hang past its deadline even if
   * the RPC timer thread is held up.
   */
  static <T> T await(CompletableFuture<T> future, String method, Duration timeout) {
    try {
      return future.get(timeout.toMillis() + AWAIT_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RpcTimeoutException(
          "Timed out after "
              + PendingCall.describe(timeout)
              + " waiting for a reply to '"
              + method
              + "'; the call's own timer did not end it "
              + "within "
              + AWAIT_MARGIN_MILLIS
              + " ms more, so this JVM may be overloaded",
          timeout);
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new RpcException("Interrupted while waiting for the reply to '" + method + "'", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (CancellationException e) {
      throw new RpcException("The call to '" + method + "' was cancelled", e);
    }
  }

  static RuntimeException unwrap(@Nullable Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    if (error instanceof RuntimeException runtime) {
      return runtime;
    }
    if (error instanceof Error fatal) {
      throw fatal;
    }
    return new RpcException(String.valueOf(error), error);
  }

  private static String abbreviate(JsonNode json) {
    String text = json.toString();
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }

  /** Whether the version cap is automatic and not resolved yet, so reading it may block. */
  private boolean capNotRead() {
    return versionCap instanceof AutoVersionCap auto && !auto.resolved();
  }

  /**
   * Why the request may not be sent under the cap, if it may not: a {@link VersionCapException}, or
   * the {@link RpcException} of an automatic cap that could not be read.
   */
  private Optional<RpcException> checkCap(Target resolved, String method) {
    Optional<Version> cap;
    try {
      cap = versionCap.current();
    } catch (RpcException e) {
      return Optional.of(e);
    }
    if (cap.isEmpty()) {
      return Optional.empty();
    }
    String requested = resolved.version().orElse(Version.DEFAULT.toString());
    if (cap.get().canServe(Version.parse(requested))) {
      return Optional.empty();
    }
    return Optional.of(new VersionCapException(method, requested, cap.get().toString()));
  }

  private Target resolve(PartialTarget to, String method) {
    Objects.requireNonNull(method, "method");
    if (method.isBlank()) {
      throw new IllegalArgumentException("RPC method name must not be blank");
    }
    return to.complete()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No topic to send '"
                        + method
                        + "' to: give the client a target (builder().target(...)) or use prepare(p -> "
                        + "p.topic(...))"));
  }

  private Destination.Topic topicDestination(Target resolved) {
    return new Destination.Topic(
        resolved.exchange().orElse(controlExchange), resolved.routingKey());
  }

  private static ObjectNode request(
      RequestContext context, String method, ObjectNode args, Target target) {
    ObjectNode message = CODEC.newMessage();
    message.put("method", method);
    message.set("args", args);
    target.version().ifPresent(version -> message.put("version", version));
    target.namespace().ifPresent(namespace -> message.put("namespace", namespace));
    context.packInto(message);
    return message;
  }

  static ObjectNode toArgs(Map<String, ?> args) {
    Objects.requireNonNull(args, "args");
    JsonNode tree;
    try {
      tree = RpcJson.toTree(args);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "RPC arguments cannot be sent as JSON: " + e.getOriginalMessage(), e);
    }
    return (ObjectNode) tree;
  }

  private static RuntimeException sendFailure(Throwable error, Target target, String method) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof NoRouteException) {
      return new MessageUndeliverableException(target, method, cause);
    }
    return new RpcException(
        "Could not send '" + method + "' to " + target + ": " + cause.getMessage(), cause);
  }

  // T is the caller's resultType (int.class among them, which Class.cast refuses)
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  private static <T> T cast(Object value) {
    return (T) value;
  }

  /** A new {@code _msg_id} or {@code _unique_id}; see {@link MessageIds}. */
  static String newId() {
    return MessageIds.next();
  }
}
