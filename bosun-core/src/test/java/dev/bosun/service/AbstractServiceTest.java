package dev.bosun.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The state machine every service shares. */
class AbstractServiceTest {

  /** A service whose start fails after starting something, and whose cleanup may fail too. */
  private static final class FailStartService extends AbstractService {
    final List<String> events = new CopyOnWriteArrayList<>();
    final RuntimeException startFailure = new IllegalStateException("disk array unreachable");
    Throwable cleanupFailure;

    @Override
    public String name() {
      return "volume@node1";
    }

    @Override
    protected void doStart() {
      events.add("started half");
      throw startFailure;
    }

    @Override
    protected void doStop(Duration timeout) {
      events.add("cleanup while " + state() + " within " + timeout);
      if (cleanupFailure instanceof Error) {
        throw (Error) cleanupFailure;
      }
      if (cleanupFailure instanceof RuntimeException) {
        throw (RuntimeException) cleanupFailure;
      }
    }

    @Override
    public void report(StringBuilder out) {}
  }

  private static Service.Listener recorder(List<String> events) {
    return new Service.Listener() {
      @Override
      public void failed(Service service, Service.State from, Throwable cause) {
        events.add(
            "failed from " + from + " (state " + service.state() + "): " + cause.getMessage());
      }
    };
  }

  @Test
  void aFailedStartIsCleanedUpBeforeTheServiceTurnsFailedAndListenersHear() {
    // Regression: FAILED was set and listeners told before doStop had released anything.
    FailStartService service = new FailStartService();
    service.addListener(recorder(service.events));

    assertThatThrownBy(service::start)
        .isInstanceOf(ServiceException.class)
        .hasCause(service.startFailure);

    assertThat(service.events)
        .containsExactly(
            "started half",
            "cleanup while STARTING within PT10S",
            "failed from STARTING (state FAILED): disk array unreachable");
    assertThat(service.state()).isEqualTo(Service.State.FAILED);
    assertThat(service.failureCause()).containsSame(service.startFailure);
  }

  @Test
  void anErrorDuringTheCleanupOfAFailedStartKeepsTheOriginalCause() {
    // Regression: an Error from doStop escaped catch (RuntimeException) and replaced the cause.
    FailStartService service = new FailStartService();
    StackOverflowError cleanupError = new StackOverflowError("driver recursion");
    service.cleanupFailure = cleanupError;
    service.addListener(recorder(service.events));

    assertThatThrownBy(service::start)
        .isInstanceOf(ServiceException.class)
        .hasCause(service.startFailure)
        .satisfies(e -> assertThat(e.getCause().getSuppressed()).containsExactly(cleanupError));

    assertThat(service.state()).isEqualTo(Service.State.FAILED);
    assertThat(service.failureCause()).containsSame(service.startFailure);
    assertThat(service.events).last().asString().startsWith("failed from STARTING");
  }
}
