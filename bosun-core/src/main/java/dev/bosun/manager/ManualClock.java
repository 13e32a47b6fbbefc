package dev.bosun.manager;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} whose time moves only when {@link #advance(Duration)} is called: a real,
 * supported part of Bosun (like Micrometer's {@code MockClock}), used by tests and simulations to
 * drive periodic tasks, retries and heartbeats deterministically.
 *
 * <p>{@link #advance(Duration)} walks time forward through every scheduled action that falls inside
 * the step, in order of due time (ties in the order they were scheduled), setting {@link
 * #nanoTime()} to each action's due time before running it, <em>in the calling thread</em>. Actions
 * scheduled by those actions are run too if they fall inside the step. An exception thrown by an
 * action propagates out of {@code advance} (the clock then stays at that action's due time), so a
 * test sees it.
 *
 * <p>Thread-safe: any thread may schedule or read the time; only one thread should advance it.
 */
public final class ManualClock implements Scheduler {
  private static final Instant DEFAULT_ORIGIN = Instant.parse("2025-01-01T00:00:00Z");

  private final Instant origin;
  private final Object lock = new Object();
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long nanos;
  private long sequence;

  private ManualClock(Instant origin) {
    this.origin = origin;
  }

  /** A clock whose wall time starts at 2025-01-01T00:00:00Z. */
  public static ManualClock create() {
    return new ManualClock(DEFAULT_ORIGIN);
  }

  /** A clock whose wall time starts at {@code origin}. */
  public static ManualClock create(Instant origin) {
    if (origin == null) {
      throw new IllegalArgumentException("origin must not be null");
    }
    return new ManualClock(origin);
  }

  @Override
  public Instant now() {
    synchronized (lock) {
      return origin.plusNanos(nanos);
    }
  }

  @Override
  public long nanoTime() {
    synchronized (lock) {
      return nanos;
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    checkDelay(delay);
    if (action == null) {
      throw new IllegalArgumentException("action must not be null");
    }
    synchronized (lock) {
      Entry entry = new Entry(saturatedAdd(nanos, saturatedNanos(delay)), sequence++, action);
      queue.add(entry);
      return () -> {
        synchronized (lock) {
          return queue.remove(entry);
        }
      };
    }
  }

  /**
   * Moves time forward by {@code step}, running every action that falls due on the way.
   *
   * @throws IllegalArgumentException if {@code step} is negative
   */
  public void advance(Duration step) {
    checkDelay(step);
    long target;
    synchronized (lock) {
      target = saturatedAdd(nanos, saturatedNanos(step));
    }
    while (true) {
      Entry next;
      synchronized (lock) {
        next = queue.peek();
        if (next == null || next.dueNanos > target) {
          nanos = target;
          return;
        }
        queue.poll();
        nanos = Math.max(nanos, next.dueNanos);
      }
      next.action.run();
    }
  }

  /** Runs the actions that are due now (scheduled with zero delay) without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** How many scheduled actions are still waiting. */
  public int pending() {
    synchronized (lock) {
      return queue.size();
    }
  }

  /** The time from now until the earliest waiting action, if any. */
  public Optional<Duration> untilNext() {
    synchronized (lock) {
      Entry next = queue.peek();
      return next == null ? Optional.empty() : Optional.of(Duration.ofNanos(next.dueNanos - nanos));
    }
  }

  /** The delays from now of all waiting actions, earliest first; for assertions in tests. */
  public List<Duration> pendingDelays() {
    synchronized (lock) {
      List<Entry> entries = new ArrayList<>(queue);
      entries.sort(null);
      List<Duration> delays = new ArrayList<>();
      for (Entry entry : entries) {
        delays.add(Duration.ofNanos(entry.dueNanos - nanos));
      }
      return delays;
    }
  }

  @Override
  public String toString() {
    return "ManualClock[" + now() + "]";
  }

  static void checkDelay(Duration delay) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or more, found " + delay);
    }
  }

  static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private static final class Entry implements Comparable<Entry> {
    final long dueNanos;
    final long sequence;
    final Runnable action;

    Entry(long dueNanos, long sequence, Runnable action) {
      this.dueNanos = dueNanos;
      this.sequence = sequence;
      this.action = action;
    }

    @Override
    public int compareTo(Entry other) {
      int byDue = Long.compare(dueNanos, other.dueNanos);
      return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
    }
  }
}
