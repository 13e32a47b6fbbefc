package dev.bosun.faults;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints {@link FaultReport}'s table when the suite ends, and stops the servers the suite shared
 * (registered in {@code META-INF/services}).
 */
public final class FaultReportListener implements TestExecutionListener {
  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    Servers.closeAll();
    if (!FaultReport.isEmpty()) {
      FaultReport.write();
    }
  }
}
