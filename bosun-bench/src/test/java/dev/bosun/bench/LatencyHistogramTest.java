package dev.bosun.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void percentilesAreWithinThreePercentOfTheTrueValue() {
    LatencyHistogram h = new LatencyHistogram();
    for (long v = 1; v <= 100_000; v++) {
      h.record(v * 1_000);
    }
    assertThat(h.count()).isEqualTo(100_000);
    assertThat((double) h.percentileNanos(50)).isCloseTo(50_000_000, within(1_500_000.0));
    assertThat((double) h.percentileNanos(99)).isCloseTo(99_000_000, within(3_000_000.0));
    assertThat(h.maxNanos()).isEqualTo(100_000_000);
    assertThat(h.percentileNanos(100)).isEqualTo(100_000_000);
  }

  @Test
  void smallValuesAreExactAndMergingAddsCounts() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(10);
    b.record(20);
    b.record(30);
    a.add(b);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.percentileNanos(50)).isEqualTo(20);
    assertThat(a.percentileNanos(0)).isEqualTo(10);
    assertThat(a.maxNanos()).isEqualTo(30);
  }

  @Test
  void emptyHistogramReportsZero() {
    assertThat(new LatencyHistogram().percentileNanos(99)).isZero();
  }

  @Test
  void everyBucketIndexMapsBackIntoItsOwnBucket() {
    for (long v : new long[] {63, 64, 65, 127, 128, 1_000_003, Long.MAX_VALUE / 3}) {
      int index = LatencyHistogram.index(v);
      assertThat(LatencyHistogram.index(LatencyHistogram.middle(index))).isEqualTo(index);
    }
  }
}
