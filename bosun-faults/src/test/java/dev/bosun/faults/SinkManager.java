package dev.bosun.faults;

import dev.bosun.manager.Manager;
import dev.bosun.manager.ManagerContext;
import dev.bosun.manager.Periodic;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link SinkApi}'s manager for {@code bosun run faultsink}: a {@link Sink}. */
public final class SinkManager extends Manager implements SinkApi {
  static final String HEAP_REPORT = "BOSUN_FAULTS_HEAP_REPORT";
  static final String HEAP_LINE = "faults heap after GC:";
  private static final Logger LOG = LoggerFactory.getLogger(SinkManager.class);
  private final Sink sink = new Sink();

  public SinkManager(ManagerContext context) {
    super(context);
  }

  /**
   * With {@value #HEAP_REPORT} set in the environment, logs the used heap after a full GC every
   * second ("{@value #HEAP_LINE} N"), on the periodic task's own thread: the flood scenario reads
   * it even while every RPC handler is busy.
   */
  @Periodic(name = "heap_report", spacing = "1s", runImmediately = true)
  void reportHeap() {
    if (System.getenv(HEAP_REPORT) != null) {
      LOG.info("{} {}", HEAP_LINE, sink.heapAfterGc());
    }
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
