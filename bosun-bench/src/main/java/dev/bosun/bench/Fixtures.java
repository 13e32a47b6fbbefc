package dev.bosun.bench;

import dev.bosun.context.RequestContext;
import dev.bosun.transport.MessageCodec;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The messages and contexts the benchmarks and the load harness send, built the way {@code
 * RpcClient} builds them, so a codec benchmark measures what a real call pays.
 */
public final class Fixtures {
  /** The size of the "large" payload: 64 KiB of ASCII text. */
  public static final int LARGE_PAYLOAD_BYTES = 64 * 1024;

  private Fixtures() {}

  /**
   * A context like one a nova API request carries: user, project, two roles, a global request id
   * and an {@code auth_token} extra.
   */
  public static RequestContext typicalContext() {
    return RequestContext.builder()
        .userId("4b3f1f8fd6a34c1c9a6d0d8e8d3c2b1a")
        .projectId("9e2c7f0a51b84c3e8f6b2a1d0c9e8f7a")
        .roles(List.of("member", "reader"))
        .globalRequestId(RequestContext.newRequestId())
        .extra("auth_token", "gAAAAABk" + "x".repeat(180))
        .build();
  }

  /** An ASCII string of exactly {@code bytes} characters. */
  public static String payload(int bytes) {
    StringBuilder s = new StringBuilder(bytes);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < bytes; i++) {
      s.append(alphabet.charAt(i % alphabet.length()));
    }
    return s.toString();
  }

  /**
   * The inner message of a call, as {@code RpcClient.call} builds it: method, args, version, packed
   * context, {@code _msg_id}, {@code _reply_q}, {@code _timeout} and {@code _unique_id}.
   *
   * @param argBytes the size of the one string argument {@code text}
   */
  public static ObjectNode callMessage(MessageCodec codec, RequestContext context, int argBytes) {
    ObjectNode message = codec.newMessage();
    message.put("method", "echo");
    ObjectNode args = message.putObject("args");
    args.put("text", payload(argBytes));
    message.put("version", "1.0");
    context.packInto(message);
    message.put("_msg_id", hex());
    message.put("_reply_q", "reply_" + hex());
    message.putNull("_timeout");
    message.put("_unique_id", hex());
    return message;
  }

  private static String hex() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
