package dev.bosun.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** {@link SinkApi} as a plain endpoint: counts what it gets; thread-safe. */
public final class Sink implements SinkApi {
  /** How long {@link #slowTally} takes. */
  static final int SLOW_MILLIS = 200;

  private final Map<Integer, Boolean> seen = new ConcurrentHashMap<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();

  @Override
  public int sleepMillis(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return millis;
  }

  @Override
  public void tally(int id) {
    received.incrementAndGet();
    if (seen.putIfAbsent(id, Boolean.TRUE) != null) {
      duplicates.incrementAndGet();
    }
  }

  @Override
  public void slowTally(int id) {
    sleepMillis(SLOW_MILLIS);
    tally(id);
  }

  @Override
  public Map<String, Long> counts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("received", received.get());
    counts.put("distinct", (long) seen.size());
    counts.put("duplicates", duplicates.get());
    return counts;
  }

  @Override
  public List<Integer> received() {
    return new ArrayList<>(seen.keySet());
  }

  @Override
  public long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
