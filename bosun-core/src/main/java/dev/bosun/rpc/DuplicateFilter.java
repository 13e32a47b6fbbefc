package dev.bosun.rpc;

import java.util.LinkedHashSet;

/**
 * The last {@code capacity} {@code _unique_id}s a server began to handle (oslo keeps 16, oslo-wire
 * §11): a message whose id is among them is a re-delivery and is dropped. Where oslo records an id
 * on receipt, the server records it when handling begins (after its ack), so a request whose ack
 * failed is handled when the broker delivers it again. Memory stays bounded. Thread-safe.
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

  /** Whether {@code id} is among the last {@code capacity} ids; records nothing. */
  synchronized boolean contains(String id) {
    return seen.contains(id);
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
