package dev.bosun.rpc;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one timer thread of the RPC layer: call timeouts, call-monitor timeouts and server
 * heartbeats. Its tasks only complete futures or hand work to another executor (a heartbeat is
 * published on the server's heartbeat threads, never here: a publish may block, and a blocked timer
 * thread would stop every call timeout of the JVM), so one platform daemon thread serves every
 * client and server of the JVM; cancelled tasks leave the queue at once, so nothing is retained
 * after a call ends.
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: it wakes its thread whenever a new task becomes
 * the earliest, which for one call at a time is every call (the queue empties when the call's
 * timeout is cancelled), an extra thread wake-up per call for a timer that almost never fires. This
 * timer wakes its thread only when a new task is due before the moment the thread is already going
 * to wake at; a thread that wakes early because its task was cancelled just goes back to sleep
 * until the new earliest deadline.
 *
 * <p>Thread-safe: tasks may be scheduled and cancelled from any thread; a task runs on the timer
 * thread, one at a time, and must not block.
 */
final class RpcTimers {
  private static final Logger LOG = LoggerFactory.getLogger(RpcTimers.class);
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final RpcTimers INSTANCE = new RpcTimers();

  /** A scheduled task; {@link #cancel()} stops it (a run already started finishes). */
  static final class Task {
    private final Runnable body;
    private final long periodNanos;
    private long deadline;
    private long sequence;
    private int index = -1;

    private Task(Runnable body, long periodNanos) {
      this.body = body;
      this.periodNanos = periodNanos;
    }

    /** Cancels the task: it does not run again. Idempotent; any thread. */
    void cancel() {
      INSTANCE.remove(this);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Task[] heap = new Task[64];
  private int size;
  private long sequence;

  /** Whether the thread waits, and until when (nanoTime; {@code forever} when no task is due). */
  private boolean waiting;

  private boolean forever;
  private long wakeAt;

  private RpcTimers() {
    Thread thread = new Thread(this::loop, "bosun-rpc-timer-" + COUNTER.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs {@code task} once after {@code delayMillis}. */
  static Task schedule(Runnable task, long delayMillis) {
    return INSTANCE.add(new Task(task, 0), delayMillis);
  }

  /** Runs {@code task} every {@code periodMillis} (at a fixed rate), first after one period. */
  static Task every(Runnable task, long periodMillis) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("periodMillis must be > 0, found " + periodMillis);
    }
    return INSTANCE.add(new Task(task, TimeUnit.MILLISECONDS.toNanos(periodMillis)), periodMillis);
  }

  private Task add(Task task, long delayMillis) {
    long delay = TimeUnit.MILLISECONDS.toNanos(Math.max(0, delayMillis));
    lock.lock();
    try {
      task.deadline = System.nanoTime() + delay;
      push(task);
      if (waiting && (forever || task.deadline - wakeAt < 0)) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
    return task;
  }

  private void remove(Task task) {
    lock.lock();
    try {
      int i = task.index;
      if (i < 0) {
        return;
      }
      task.index = -1;
      Task last = heap[--size];
      heap[size] = null;
      if (i != size) {
        heap[i] = last;
        last.index = i;
        siftDown(i);
        siftUp(last.index);
      }
      // No signal: the thread wakes at the old deadline at worst and goes back to sleep.
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (true) {
      Task due;
      lock.lock();
      try {
        due = takeDue();
      } finally {
        lock.unlock();
      }
      run(due);
    }
  }

  /** Waits (holding the lock) for the earliest task to fall due and takes it off the queue. */
  private Task takeDue() {
    while (true) {
      long now = System.nanoTime();
      if (size > 0 && heap[0].deadline - now <= 0) {
        Task due = heap[0];
        remove(due);
        if (due.periodNanos > 0) {
          due.deadline += due.periodNanos;
          push(due);
        }
        return due;
      }
      waiting = true;
      forever = size == 0;
      wakeAt = forever ? 0 : heap[0].deadline;
      try {
        if (forever) {
          changed.await();
        } else {
          changed.awaitNanos(wakeAt - now);
        }
      } catch (InterruptedException e) {
        // The timer thread is never interrupted on purpose; keep serving.
      } finally {
        waiting = false;
      }
    }
  }

  private static void run(Task task) {
    try {
      task.body.run();
    } catch (RuntimeException | Error e) {
      LOG.warn("RPC timer task failed; the timer keeps running", e);
    }
  }

  private void push(Task task) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    task.sequence = sequence++;
    heap[size] = task;
    task.index = size;
    size++;
    siftUp(task.index);
  }

  private static boolean before(Task a, Task b) {
    long d = a.deadline - b.deadline;
    return d < 0 || (d == 0 && a.sequence < b.sequence);
  }

  private void siftUp(int i) {
    Task task = heap[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      Task p = heap[parent];
      if (!before(task, p)) {
        break;
      }
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = task;
    task.index = i;
  }

  private void siftDown(int i) {
    Task task = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], task)) {
        break;
      }
      heap[i] = heap[child];
      heap[i].index = i;
      i = child;
    }
    heap[i] = task;
    task.index = i;
  }
}
