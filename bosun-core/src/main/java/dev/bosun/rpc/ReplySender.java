package dev.bosun.rpc;

import dev.bosun.concurrent.Threads;
import dev.bosun.transport.Destination;
import dev.bosun.transport.NoRouteException;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Transport;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the final replies of one RPC server's calls (oslo-wire §6), retrying a reply whose reply
 * queue does not exist (the caller's queue is being declared again after a broker restart) every
 * 250 ms for up to {@code kombu_missing_consumer_retry_timeout}.
 *
 * <p><b>Threads.</b> {@link #send} makes the first attempt on the handler thread that calls it and
 * waits for its outcome. A reply that must be retried is handed to a timer and then to this
 * sender's own small pool ({@value #RETRY_THREADS} threads that end when idle), so a handler thread
 * is never held by a retry: on Java 17 a few dozen replies waiting for missing queues used to
 * occupy every handler thread for a minute. {@link #stop} gives up on the replies still waiting for
 * a retry at once and logs one line with their number.
 *
 * <p>A reply that cannot be delivered is an expected failure (the caller went away, the broker
 * dropped): it is logged in one line at WARN, with the stack trace at DEBUG.
 */
final class ReplySender {
  private static final Logger LOG = LoggerFactory.getLogger(ReplySender.class);
  static final long RETRY_MILLIS = 250;
  private static final int RETRY_THREADS = 4;

  private final Transport transport;
  private final String owner;
  private final Duration retryTimeout;
  private final ExecutorService retrier;
  private final Map<String, Retry> waiting = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  /**
   * @param owner who sends, for log lines: {@code "RPC server for <target>"}
   * @param retryTimeout how long a reply whose queue is missing is retried; zero: not retried
   */
  ReplySender(Transport transport, String owner, Duration retryTimeout) {
    this.transport = transport;
    this.owner = owner;
    this.retryTimeout = retryTimeout;
    this.retrier = Threads.newTaskExecutor("rpc-reply-retry", RETRY_THREADS);
  }

  /** One reply waiting for its next attempt. */
  private final class Retry {
    final String msgId;
    final Destination.Reply destination;
    final byte[] body;
    final long deadline;
    volatile RpcTimers.@Nullable Task timer;

    Retry(String msgId, Destination.Reply destination, byte[] body, long deadline) {
      this.msgId = msgId;
      this.destination = destination;
      this.body = body;
      this.deadline = deadline;
    }

    /** On the timer thread: must not block. */
    void due() {
      try {
        retrier.execute(this::attempt);
      } catch (RejectedExecutionException e) {
        waiting.remove(msgId, this);
      }
    }

    /** On a retry thread. */
    void attempt() {
      if (stopped || waiting.get(msgId) != this) {
        return;
      }
      Throwable error = publishOnce(destination, body);
      if (error == null) {
        waiting.remove(msgId, this);
        LOG.debug("{}: the reply to call {} was delivered on a retry", owner, msgId);
        return;
      }
      if (error instanceof NoRouteException && System.nanoTime() - deadline < 0 && !stopped) {
        timer = RpcTimers.schedule(this::due, RETRY_MILLIS);
        return;
      }
      if (waiting.remove(msgId, this)) {
        lost(msgId, destination.queue(), error);
      }
    }
  }

  /**
   * Sends a reply: publishes it once on the calling (handler) thread and, if its reply queue does
   * not exist, leaves it to be retried off this thread. Never throws.
   */
  void send(String msgId, String replyQueue, byte[] body) {
    Destination.Reply destination = new Destination.Reply(replyQueue);
    Throwable error = publishOnce(destination, body);
    if (error == null) {
      return;
    }
    if (!(error instanceof NoRouteException) || retryTimeout.isZero() || stopped) {
      lost(msgId, replyQueue, error);
      return;
    }
    Retry retry = new Retry(msgId, destination, body, System.nanoTime() + retryTimeout.toNanos());
    waiting.put(msgId, retry);
    retry.timer = RpcTimers.schedule(retry::due, RETRY_MILLIS);
    if (stopped) {
      giveUp();
    }
    LOG.debug(
        "{}: no reply queue {} for call {}; retrying for up to {}",
        owner,
        replyQueue,
        msgId,
        PendingCall.describe(retryTimeout));
  }

  /** How many replies wait for a retry. */
  int waiting() {
    return waiting.size();
  }

  /**
   * Gives up on every reply waiting for a retry, logging one line with their number; later replies
   * are tried once and not retried. Idempotent.
   */
  void stop() {
    stopped = true;
    int given = giveUp();
    if (given > 0) {
      LOG.warn(
          "{} stopped with {} repl{} still waiting for the caller's reply queue; giving up on them,"
              + " those callers will time out",
          owner,
          given,
          given == 1 ? "y" : "ies");
    }
    retrier.shutdown();
  }

  // waiting is a ConcurrentHashMap: removing while iterating its values is safe
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop")
  private int giveUp() {
    int given = 0;
    for (Retry retry : waiting.values()) {
      if (waiting.remove(retry.msgId, retry)) {
        given++;
        RpcTimers.Task timer = retry.timer;
        if (timer != null) {
          timer.cancel();
        }
      }
    }
    return given;
  }

  private void lost(String msgId, String replyQueue, Throwable error) {
    String why =
        error instanceof NoRouteException
            ? "no such queue"
                + (retryTimeout.isZero() ? "" : " for " + PendingCall.describe(retryTimeout))
            : String.valueOf(error);
    LOG.warn(
        "{}: the reply to call {} could not be sent to {} ({}); the caller will time out",
        owner,
        msgId,
        replyQueue,
        why);
    LOG.debug("{}: the reply to call {} was lost because of", owner, msgId, error);
  }

  /** Publishes a reply once; the error, or null when it was sent. */
  private @Nullable Throwable publishOnce(Destination destination, byte[] body) {
    try {
      transport
          .publish(destination, body, new PublishOptions(0, true))
          .get(retryTimeout.toMillis() + RETRY_MILLIS, TimeUnit.MILLISECONDS);
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      return e;
    } catch (CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
