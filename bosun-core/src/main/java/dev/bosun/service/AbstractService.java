package dev.bosun.service;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every {@link Service}: the state machine is final here, subclasses fill in {@link
 * #doStart()}, {@link #doStop(Duration)} and optionally {@link #doReset()}.
 *
 * <p>{@code start} and {@code stop} are serialised on this object: they never overlap each other.
 * {@code doStart} runs on the thread that called {@code start}; {@code doStop} on the thread that
 * called {@code stop}. A {@code doStart} that throws moves the service to {@code FAILED} after
 * {@code doStop} has been given the chance (10 s) to release what was started, still on the
 * starting thread and while the state is still {@code STARTING}; only then are the {@code failed}
 * listeners told. Whatever that cleanup throws, Errors included, is added to the start's failure as
 * suppressed: the start's failure stays the cause.
 */
public abstract class AbstractService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractService.class);

  /** How long a failed start may take to release what it had started. */
  private static final Duration FAILED_START_CLEANUP = Duration.ofSeconds(10);

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile State state = State.NEW;
  private volatile @Nullable Throwable failure;

  @Override
  public final State state() {
    return state;
  }

  @Override
  public final Optional<Throwable> failureCause() {
    return Optional.ofNullable(failure);
  }

  @Override
  public final void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public final synchronized void start() {
    switch (state) {
      case RUNNING:
      case STARTING:
        return;
      case STOPPING:
      case STOPPED:
      case FAILED:
        throw new ServiceException(
            "Service "
                + name()
                + " is "
                + state
                + " and cannot be started again; create a new one");
      default:
        break;
    }
    transition(State.STARTING);
    listeners.forEach(listener -> listener.starting(this));
    try {
      doStart();
    } catch (RuntimeException | Error e) {
      // A start cut short by an interrupt (a stop requested meanwhile) still gets its cleanup
      // time; the interrupt is kept for the caller.
      boolean interrupted = Thread.interrupted();
      try {
        doStop(FAILED_START_CLEANUP);
      } catch (Throwable cleanup) { // whatever it is, the start's failure stays the cause
        e.addSuppressed(cleanup);
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
      fail(State.STARTING, e);
      throw e instanceof ServiceException
          ? (ServiceException) e
          : new ServiceException("Service " + name() + " failed to start: " + e, e);
    }
    transition(State.RUNNING);
    listeners.forEach(listener -> listener.running(this));
  }

  @Override
  public final synchronized void stop(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    State from = state;
    if (from == State.STOPPED || from == State.FAILED) {
      return;
    }
    if (from == State.NEW) {
      transition(State.STOPPED);
      listeners.forEach(listener -> listener.terminated(this, from));
      return;
    }
    transition(State.STOPPING);
    listeners.forEach(listener -> listener.stopping(this, from));
    try {
      doStop(timeout);
    } catch (RuntimeException | Error e) {
      fail(State.STOPPING, e);
      throw e instanceof ServiceException
          ? (ServiceException) e
          : new ServiceException("Service " + name() + " failed to stop cleanly: " + e, e);
    }
    transition(State.STOPPED);
    listeners.forEach(listener -> listener.terminated(this, State.STOPPING));
  }

  @Override
  public final void reset() {
    if (state != State.RUNNING) {
      LOG.info("Not resetting {}: it is {}", name(), state);
      return;
    }
    doReset();
  }

  /** Starts what the service runs; called once, on the caller's thread of {@link #start()}. */
  protected abstract void doStart();

  /**
   * Stops what {@link #doStart()} started, within {@code timeout} (zero means wait for ever, as in
   * {@link Service#stop(Duration)}). Also called when {@code doStart} threw, to release the part it
   * had started, with a timeout of 10 s; so at most once per {@code start}.
   */
  protected abstract void doStop(Duration timeout);

  /** SIGHUP behaviour; nothing by default. */
  protected void doReset() {}

  private void transition(State next) {
    LOG.debug("{}: {} -> {}", name(), state, next);
    state = next;
  }

  private void fail(State from, Throwable cause) {
    failure = cause;
    state = State.FAILED;
    LOG.error("Service {} failed while {}: {}", name(), from, cause.toString(), cause);
    listeners.forEach(listener -> listener.failed(this, from, cause));
  }

  @Override
  public String toString() {
    return name() + " [" + state + "]";
  }
}
