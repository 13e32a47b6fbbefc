package dev.bosun.faults;

import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import java.util.List;
import java.util.Map;

/** {@link SinkApi}'s manager for {@code bosun run faultsink}: a {@link Sink}. */
public final class SinkManager extends Manager implements SinkApi {
  private final Sink sink = new Sink();

  public SinkManager(ManagerContext context) {
    super(context);
  }

  @Override
  public int sleepMillis(int millis) {
    return sink.sleepMillis(millis);
  }

  @Override
  public void tally(int id) {
    sink.tally(id);
  }

  @Override
  public void slowTally(int id) {
    sink.slowTally(id);
  }

  @Override
  public Map<String, Long> counts() {
    return sink.counts();
  }

  @Override
  public List<Integer> received() {
    return sink.received();
  }

  @Override
  public long heapAfterGc() {
    return sink.heapAfterGc();
  }
}
