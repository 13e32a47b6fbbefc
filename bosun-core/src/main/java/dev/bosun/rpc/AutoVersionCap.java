package dev.bosun.rpc;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cap read from the running services on first use and cached until {@link #reset()}; see {@link
 * VersionCap} for the rules.
 */
final class AutoVersionCap implements VersionCap {
  private static final Logger LOG = LoggerFactory.getLogger(AutoVersionCap.class);

  /**
   * What the source answered: the lowest version and how many services it came from (0 when the
   * source does not say).
   */
  record Reading(String version, int services) {}

  /** The cache: {@code cap} null while unresolved; each reset installs a new unresolved slot. */
  private static final class Slot {
    final @Nullable Version cap;

    Slot(@Nullable Version cap) {
      this.cap = cap;
    }
  }

  private final String topic;
  private final String sourceName;
  private final Supplier<Optional<Reading>> source;
  private final AtomicReference<Slot> slot = new AtomicReference<>(new Slot(null));
  private final Object readLock = new Object();
  // guarded by readLock: log the "nothing yet" and failure lines once per streak
  private boolean reportedNone;
  private boolean reportedFailure;

  AutoVersionCap(String topic, String sourceName, Supplier<Optional<Reading>> source) {
    this.topic = topic;
    this.sourceName = sourceName;
    this.source = source;
  }

  @Override
  public Optional<Version> current() {
    Slot cached = slot();
    return cached.cap != null ? Optional.of(cached.cap) : read();
  }

  @Override
  public boolean automatic() {
    return true;
  }

  @Override
  public void reset() {
    Slot old = slot.getAndSet(new Slot(null));
    if (old.cap != null) {
      LOG.info(
          "Forgot the automatic {} RPC version cap {}; the next {} request reads it again"
              + " from {}",
          topic,
          old.cap,
          topic,
          sourceName);
    }
  }

  /** Whether the cap is cached, so {@link #current()} is a field read. */
  boolean resolved() {
    return slot().cap != null;
  }

  /** The topic whose services decide the cap. */
  String topic() {
    return topic;
  }

  private Optional<Version> read() {
    synchronized (readLock) {
      Slot seen = slot();
      if (seen.cap != null) {
        return Optional.of(seen.cap);
      }
      Optional<Reading> reading;
      Version cap;
      try {
        reading = source.get();
        if (reading.isEmpty()) {
          noServicesYet();
          return Optional.empty();
        }
        cap = parse(reading.get().version());
      } catch (RuntimeException e) {
        throw failed(e);
      }
      reportedNone = false;
      reportedFailure = false;
      int services = reading.get().services();
      if (services > 0) {
        LOG.info(
            "Automatically selected {} RPC version {} as minimum service version ({} {})",
            topic,
            cap,
            services,
            services == 1 ? "service" : "services");
      } else {
        LOG.info("Automatically selected {} RPC version {} as minimum service version", topic, cap);
      }
      Optional<Version> resolved = Optional.of(cap);
      if (!slot.compareAndSet(seen, new Slot(cap))) {
        LOG.debug(
            "The {} RPC version cap was reset while it was read; using {} once and reading"
                + " it again on the next request",
            topic,
            cap);
      }
      return resolved;
    }
  }

  private void noServicesYet() {
    if (!reportedNone) {
      reportedNone = true;
      LOG.info(
          "No up {} service reports an RPC version in {} yet; sending {} requests without a"
              + " version cap and asking again on each request until one does",
          topic,
          sourceName,
          topic);
    } else {
      LOG.debug(
          "Still no up {} service reports an RPC version; {} request sent uncapped", topic, topic);
    }
  }

  private RpcException failed(RuntimeException cause) {
    String message =
        "Could not read the automatic "
            + topic
            + " RPC version cap from "
            + sourceName
            + ": "
            + cause.getMessage()
            + "; nothing was sent, the next request asks"
            + " again";
    if (!reportedFailure) {
      reportedFailure = true;
      LOG.warn(message);
    }
    return new RpcException(message, cause);
  }

  /** A version as a service wrote it; the services table accepts a bare major for major.0. */
  private static Version parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("the source gave no version");
    }
    String trimmed = text.trim();
    return Version.parse(trimmed.indexOf('.') < 0 && !trimmed.isEmpty() ? trimmed + ".0" : trimmed);
  }

  @Override
  public String toString() {
    Version cap = slot().cap;
    return "auto(" + topic + ": " + (cap == null ? "not read yet" : cap.toString()) + ")";
  }

  private Slot slot() {
    return Objects.requireNonNull(slot.get(), "slot"); // never set to null
  }
}
