package dev.bosun.service;

import dev.bosun.rpc.Rpc;
import dev.bosun.rpc.RpcEndpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The endpoint every service answers besides its manager, as nova's {@code BaseRPCAPI}: namespace
 * {@code baseapi}, version 1.1, with {@code ping} to check that a service is alive on the bus.
 */
@RpcEndpoint(namespace = "baseapi", version = "1.1")
public final class BaseRpcApi {
  private final String serviceName;

  BaseRpcApi(String serviceName) {
    this.serviceName = serviceName;
  }

  /** Returns {@code {"service": <name>, "arg": arg}}, as nova does. */
  @Rpc
  public Map<String, Object> ping(Object arg) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("service", serviceName);
    result.put("arg", arg);
    return result;
  }
}
