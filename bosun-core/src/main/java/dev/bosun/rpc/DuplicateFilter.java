package dev.bosun.rpc;

import java.util.LinkedHashSet;

/**
 * The last {@code capacity} {@code _unique_id}s a server received (oslo keeps 16, oslo-wire §11):
 * a message whose id is among them is a re-delivery and is dropped. Memory stays bounded.
 * Thread-safe.
 */
final class DuplicateFilter {
  static final int OSLO_CAPACITY = 16;

  private final int capacity;
  private final LinkedHashSet<String> seen = new LinkedHashSet<>();

  DuplicateFilter(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, found " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records {@code id}; false when it was among the last {@code capacity} ids already. */
  synchronized boolean firstTime(String id) {
    if (seen.contains(id)) {
      return false;
    }
    seen.add(id);
    if (seen.size() > capacity) {
      seen.remove(seen.iterator().next());
    }
    return true;
  }
}
