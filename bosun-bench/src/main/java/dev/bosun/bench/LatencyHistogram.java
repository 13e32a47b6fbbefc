package dev.bosun.bench;

/**
 * Latencies in nanoseconds, counted in log-linear buckets: exact below 64 ns, then 32 buckets per
 * power of two, so a reported percentile is within about 3% of the true value; the maximum is
 * exact. Fixed size (about 15 KB) however many values it holds.
 *
 * <p>Not thread-safe: each caller thread records into its own histogram, and the harness {@link
 * #add merges} them after the threads have finished.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 5;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int LINEAR = 2 * SUB_BUCKETS;
  private static final int BUCKETS = LINEAR + (63 - 6) * SUB_BUCKETS;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  /** Counts one latency; negative values count as 0. */
  void record(long nanos) {
    long value = Math.max(0, nanos);
    counts[index(value)]++;
    total++;
    max = Math.max(max, value);
  }

  /** Adds {@code other}'s counts to this one. */
  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  long maxNanos() {
    return max;
  }

  /**
   * The latency at {@code percentile} (0 to 100): the middle of the bucket holding the {@code
   * ceil(percentile% * count)}-th value, capped at the maximum; exactly the maximum at 100; 0 when
   * empty.
   */
  long percentileNanos(double percentile) {
    if (percentile < 0 || percentile > 100) {
      throw new IllegalArgumentException("percentile must be within 0..100, found " + percentile);
    }
    if (total == 0) {
      return 0;
    }
    if (percentile == 100) {
      return max;
    }
    long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, middle(i));
      }
    }
    return max;
  }

  static int index(long value) {
    if (value < LINEAR) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value);
    int sub = (int) ((value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
    return LINEAR + (exponent - 6) * SUB_BUCKETS + sub;
  }

  static long middle(int index) {
    if (index < LINEAR) {
      return index;
    }
    int exponent = (index - LINEAR) / SUB_BUCKETS + 6;
    int sub = (index - LINEAR) % SUB_BUCKETS;
    long width = 1L << (exponent - SUB_BITS);
    long lower = (1L << exponent) + sub * width;
    return lower + width / 2;
  }
}
