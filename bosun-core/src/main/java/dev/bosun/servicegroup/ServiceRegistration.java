package dev.bosun.servicegroup;

import java.util.Optional;

/**
 * What a starting service writes into its row: who it is ({@code host}, {@code binary}, {@code
 * topic}) and which code it runs ({@code version}, nova's {@code SERVICE_VERSION}, and {@code
 * rpcCurrentVersion}, cinder's {@code RPC_API_VERSION} of its manager).
 *
 * @param host the host name, e.g. "host1" or "host1@lvm"
 * @param binary the program, e.g. {@code bosun-volume}
 * @param topic the RPC topic, e.g. {@code volume}
 * @param version the service code version, an integer that grows with every release (>= 0)
 * @param rpcCurrentVersion the manager's RPC API version as {@code major.minor}, empty when the
 *     service serves no RPC
 */
public record ServiceRegistration(
    String host, String binary, String topic, int version, Optional<String> rpcCurrentVersion) {

  /** Checks every field at the door. */
  public ServiceRegistration {
    host = requireName("host", host);
    binary = requireName("binary", binary);
    topic = requireName("topic", topic);
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, found " + version);
    }
    if (rpcCurrentVersion == null) {
      throw new IllegalArgumentException(
          "rpcCurrentVersion must not be null; use Optional.empty()");
    }
    rpcCurrentVersion.ifPresent(v -> RpcVersions.parse(v));
  }

  /** A registration for a service that serves RPC at {@code rpcCurrentVersion}. */
  public static ServiceRegistration create(
      String host, String binary, String topic, int version, String rpcCurrentVersion) {
    return new ServiceRegistration(host, binary, topic, version, Optional.of(rpcCurrentVersion));
  }

  /** A registration for a service without an RPC API. */
  public static ServiceRegistration create(String host, String binary, String topic, int version) {
    return new ServiceRegistration(host, binary, topic, version, Optional.empty());
  }

  /** What the row of {@code record} says about the service, to register it again. */
  public static ServiceRegistration of(ServiceRecord record) {
    return new ServiceRegistration(
        record.host(),
        record.binary(),
        record.topic(),
        record.version(),
        record.rpcCurrentVersion());
  }

  /** {@code topic@host}, the name used in logs. */
  public String displayName() {
    return topic + "@" + host;
  }

  static String requireName(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, found '" + value + "'");
    }
    if (value.length() > 255) {
      throw new IllegalArgumentException(
          what + " must be at most 255 characters, found " + value.length() + ": " + value);
    }
    return value;
  }
}
