package dev.bosun.cli;

import dev.bosun.rpc.RpcApi;
import java.util.Map;

/** The RPC API of the demo service: what a client of it calls, as a typed proxy. */
@RpcApi(topic = "demo", version = "1.0")
public interface DemoApi {
  /** How often each periodic task has run so far, by task name. */
  Map<String, Long> status();
}
