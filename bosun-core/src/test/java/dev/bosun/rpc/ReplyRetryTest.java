package dev.bosun.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.transport.Destination;
import dev.bosun.transport.MessageCodec;
import dev.bosun.transport.PublishOptions;
import dev.bosun.transport.Source;
import dev.bosun.transport.Subscription;
import dev.bosun.transport.Transport;
import dev.bosun.transport.TransportUrl;
import dev.bosun.transport.Transports;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Regression (issue 13 item 7): a reply whose queue was gone was retried for 60 s inside the
 * handler thread, so on Java 17 a few of them stopped all RPC handling, and stop waited for them
 * and then logged a stack trace per reply.
 */
class ReplyRetryTest {
  private static final MessageCodec CODEC = MessageCodec.create();

  public static class Endpoint {
    @Rpc
    public int add(int a, int b) {
      return a + b;
    }
  }

  private final Transport transport =
      Transports.open(TransportUrl.parse("memory://reply-retry-" + UUID.randomUUID()));
  private final BlockingQueue<ObjectNode> replies = new LinkedBlockingQueue<>();
  private final Subscription replyQueue =
      transport.subscribe(
          new Source.Reply(),
          delivery -> {
            delivery.ack();
            replies.add(CODEC.decode(delivery.body()));
          });
  private final RpcServer server =
      RpcServer.builder(transport)
          .target(Target.topic("retry").withServer("host1"))
          .endpoint(new Endpoint(), "", "1.0")
          .executorThreadPoolSize(1)
          .replyRetryTimeout(Duration.ofMinutes(2))
          .gracefulShutdownTimeout(Duration.ofMinutes(2))
          .build();

  @AfterEach
  void close() {
    server.stop(Duration.ofSeconds(1));
    replyQueue.close();
    transport.close();
  }

  private void call(String replyTo, int a) {
    ObjectNode message = CODEC.newMessage();
    message.put("method", "add");
    message.putObject("args").put("a", a).put("b", 1);
    message.put("_msg_id", "msg-" + a);
    message.put("_reply_q", replyTo);
    message.put("_unique_id", UUID.randomUUID().toString().replace("-", ""));
    transport
        .publish(
            new Destination.Topic("openstack", "retry"),
            CODEC.encode(message),
            PublishOptions.DEFAULT)
        .join();
  }

  @Test
  void aReplyWaitingForItsQueueHoldsNoHandlerThreadAndStopGivesUpOnItInOneLine() throws Exception {
    server.start();
    try (LogCapture log = new LogCapture(ReplySender.class)) {
      for (int i = 0; i < 3; i++) {
        call("reply_gone_" + i, i);
      }
      // The only handler thread must be free to serve this call while three replies wait.
      call(replyQueue.queue(), 41);
      ObjectNode reply = replies.poll(30, TimeUnit.SECONDS);
      assertThat(reply)
          .as("the call answered while three replies wait for their queue")
          .isNotNull();
      assertThat(reply.get("result").asInt()).isEqualTo(42);

      server.stop();

      assertThat(log.lines())
          .filteredOn(line -> line.startsWith("WARN"))
          .containsExactly(
              "WARN RPC server for topic 'retry' server 'host1' stopped with 3 replies still waiting for the"
                  + " caller's reply queue; giving up on them, those callers will time out");
    }
  }
}
