package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.Destination;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: a typed {@link Cast} the transport never took said only "RpcException: null", while
 * the untyped cast gave an {@link RpcTimeoutException}.
 */
class CastTimeoutTest {

  @RpcApi(topic = "jobs", version = "1.0")
  public interface JobsApi {
    @Cast
    void forget(RequestContext context, long id);
  }

  private final ScriptedTransport transport = new ScriptedTransport("cast-" + UUID.randomUUID());
  private final RpcClient client;

  CastTimeoutTest() {
    // The broker never confirms a request.
    transport.publishes =
        (destination, body, options, real) ->
            destination instanceof Destination.Topic
                ? new CompletableFuture<>()
                : real.publish(destination, body, options);
    client = RpcClient.builder(transport).timeout(Duration.ofMillis(200)).build();
  }

  @AfterEach
  void close() {
    client.close();
    transport.close();
  }

  @Test
  void aTypedCastTheTransportNeverTakesTimesOutNamingTheMethodTopicAndTimeout() {
    JobsApi api = client.proxy(JobsApi.class);
    assertThatThrownBy(() -> api.forget(RequestContext.builder().build(), 7))
        .isInstanceOf(RpcTimeoutException.class)
        .hasMessageContaining("'forget'")
        .hasMessageContaining("jobs")
        .hasMessageContaining("200 ms");
  }

  @Test
  void anUntypedCastTimesOutTheSameWay() {
    RpcClient jobs = client.prepare(p -> p.topic("jobs"));
    assertThatThrownBy(() -> jobs.cast(RequestContext.builder().build(), "forget", Map.of("id", 7)))
        .isInstanceOf(RpcTimeoutException.class)
        .hasMessageContaining("'forget'")
        .hasMessageContaining("jobs")
        .hasMessageContaining("200 ms");
  }
}
