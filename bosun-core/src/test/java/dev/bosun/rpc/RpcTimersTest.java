package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RpcTimersTest {

  @Test
  void anEarlierTaskScheduledWhileTheThreadSleepsForALaterOneStillRuns() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    RpcTimers.Task late = RpcTimers.schedule(() -> {}, TimeUnit.HOURS.toMillis(1));
    try {
      RpcTimers.schedule(ran::countDown, 20);
      assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      late.cancel();
    }
  }

  @Test
  void aTaskAfterACancelledEarlierOneRunsAndTheCancelledOneNever() throws Exception {
    AtomicInteger cancelledRuns = new AtomicInteger();
    CountDownLatch ran = new CountDownLatch(1);
    RpcTimers.Task cancelled = RpcTimers.schedule(cancelledRuns::incrementAndGet, 10);
    cancelled.cancel();
    cancelled.cancel();
    RpcTimers.schedule(ran::countDown, 100);

    assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(cancelledRuns).hasValue(0);
  }

  @Test
  void tasksRunInDeadlineOrder() throws Exception {
    List<Integer> order = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    RpcTimers.schedule(
        () -> {
          order.add(3);
          done.countDown();
        },
        300);
    RpcTimers.schedule(
        () -> {
          order.add(1);
          done.countDown();
        },
        100);
    RpcTimers.schedule(
        () -> {
          order.add(2);
          done.countDown();
        },
        200);

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(order).containsExactly(1, 2, 3);
  }

  @Test
  void aPeriodicTaskRepeatsUntilCancelledAndAFailingRunDoesNotStopTheTimer() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    RpcTimers.Task periodic =
        RpcTimers.every(
            () -> {
              runs.incrementAndGet();
              three.countDown();
              throw new IllegalStateException("expected by the test");
            },
            10);
    assertThat(three.await(30, TimeUnit.SECONDS)).isTrue();
    periodic.cancel();
    int afterCancel = runs.get();
    CountDownLatch later = new CountDownLatch(1);
    RpcTimers.schedule(later::countDown, 100);

    assertThat(later.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(runs.get()).isBetween(afterCancel, afterCancel + 1);
  }
}
