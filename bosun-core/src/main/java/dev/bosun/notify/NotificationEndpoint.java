package dev.bosun.notify;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Receives notifications of some priorities; oslo's notification endpoint. Override the methods of
 * the priorities you want: a listener consumes only the queues of priorities that some endpoint
 * overrides (found once, when the listener is built). For a single priority, {@link #on(Priority,
 * NotificationHandler)} is shorter.
 *
 * <p>The listener calls an endpoint on the transport's delivery thread of the queue the
 * notification came from: calls for one queue never overlap and come in queue order; calls for
 * different queues (priorities, targets) may overlap, so an endpoint with several methods must be
 * thread-safe. Throwing counts as {@link NotificationResult#REQUEUE}.
 */
public interface NotificationEndpoint {

  default NotificationResult audit(Notification notification) {
    return NotificationResult.HANDLED;
  }

  default NotificationResult debug(Notification notification) {
    return NotificationResult.HANDLED;
  }

  default NotificationResult info(Notification notification) {
    return NotificationResult.HANDLED;
  }

  default NotificationResult warn(Notification notification) {
    return NotificationResult.HANDLED;
  }

  default NotificationResult error(Notification notification) {
    return NotificationResult.HANDLED;
  }

  default NotificationResult critical(Notification notification) {
    return NotificationResult.HANDLED;
  }

  default NotificationResult sample(Notification notification) {
    return NotificationResult.HANDLED;
  }

  /** The priorities handled: by default those whose method this class overrides. */
  default Set<Priority> priorities() {
    Set<Priority> handled = EnumSet.noneOf(Priority.class);
    for (Priority priority : Priority.values()) {
      try {
        if (getClass().getMethod(priority.keySuffix(), Notification.class).getDeclaringClass()
            != NotificationEndpoint.class) {
          handled.add(priority);
        }
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("NotificationEndpoint lost its method for " + priority, e);
      }
    }
    return handled;
  }

  /** Calls the method of the notification's priority. */
  default NotificationResult handle(Notification notification) {
    switch (notification.priority()) {
      case AUDIT:
        return audit(notification);
      case DEBUG:
        return debug(notification);
      case INFO:
        return info(notification);
      case WARN:
        return warn(notification);
      case ERROR:
        return error(notification);
      case CRITICAL:
        return critical(notification);
      case SAMPLE:
        return sample(notification);
      default:
        throw new IllegalStateException("unknown priority " + notification.priority());
    }
  }

  /** An endpoint for one priority. */
  static NotificationEndpoint on(Priority priority, NotificationHandler handler) {
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(handler, "handler");
    return new NotificationEndpoint() {
      @Override
      public Set<Priority> priorities() {
        return EnumSet.of(priority);
      }

      @Override
      public NotificationResult handle(Notification notification) {
        return notification.priority() == priority
            ? handler.handle(notification)
            : NotificationResult.HANDLED;
      }

      @Override
      public String toString() {
        return "endpoint for " + priority + " notifications: " + handler;
      }
    };
  }

  /** Handles notifications of one priority; see {@link NotificationEndpoint#on}. */
  @FunctionalInterface
  interface NotificationHandler {
    NotificationResult handle(Notification notification);
  }
}
