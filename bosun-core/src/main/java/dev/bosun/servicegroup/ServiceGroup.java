package dev.bosun.servicegroup;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liveness rule, shared by every store, and nova's {@code service_down_time} adjustment.
 *
 * <p>A service is up when it is not forced down and its last heartbeat ({@code last_seen_up}, else
 * {@code created_at}) is at most {@code service_down_time} before now, where both the heartbeat and
 * "now" come from the store's clock. Nova compares the checking host's clock with the writing
 * host's, and takes the absolute difference so a clock ahead still counts as up; Bosun reads both
 * times from the database, so neither skew nor {@code abs} is needed. {@code disabled} has no
 * effect on liveness, as in nova.
 */
public final class ServiceGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceGroup.class);

  private ServiceGroup() {}

  /**
   * Nova's rule: when {@code serviceDownTime} is not larger than {@code reportInterval}, a single
   * late heartbeat would mark a live service down, so it is raised to {@code int(2.5 *
   * reportInterval)} seconds, with a warning. Otherwise it is returned as is.
   */
  public static Duration effectiveServiceDownTime(
      Duration reportInterval, Duration serviceDownTime) {
    requirePositive("report_interval", reportInterval);
    requirePositive("service_down_time", serviceDownTime);
    if (serviceDownTime.compareTo(reportInterval) > 0) {
      return serviceDownTime;
    }
    Duration raised = Duration.ofSeconds((long) (reportInterval.toMillis() * 2.5 / 1000));
    if (raised.compareTo(reportInterval) <= 0) {
      raised = Duration.ofMillis((long) (reportInterval.toMillis() * 2.5));
    }
    LOG.warn(
        "service_down_time ({} s) must be greater than report_interval ({} s); using {} s,"
            + " 2.5 x report_interval. Set [DEFAULT] service_down_time above report_interval to"
            + " silence this",
        seconds(serviceDownTime),
        seconds(reportInterval),
        seconds(raised));
    return raised;
  }

  /**
   * Whether a service is up at {@code now}: not {@code forcedDown}, and {@code now - lastHeartbeat
   * <= serviceDownTime}. A heartbeat after {@code now} (the database clock stepped back) counts as
   * up.
   */
  public static boolean isUp(
      boolean forcedDown, Instant lastHeartbeat, Instant now, Duration serviceDownTime) {
    if (forcedDown) {
      return false;
    }
    return Duration.between(lastHeartbeat, now).compareTo(serviceDownTime) <= 0;
  }

  static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, found " + value);
    }
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0
        ? Long.toString(d.toSeconds())
        : Double.toString(d.toMillis() / 1000.0);
  }
}
