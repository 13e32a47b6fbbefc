package dev.bosun.notify;

/** What an endpoint did with a notification; oslo's {@code NotificationResult}. */
public enum NotificationResult {
  /** Done: the notification is acked. */
  HANDLED,
  /**
   * Deliver it again later (to this or another listener of the queue). Honoured only when the
   * listener was built with {@code allowRequeue(true)}; otherwise logged and acked.
   */
  REQUEUE
}
