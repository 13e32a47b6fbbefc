package dev.bosun.servicegroup;

/**
 * The lowest {@code rpc_current_version} among the up services of a topic, and how many up services
 * reported one: what a client caps its RPC version to during a rolling upgrade (see {@link
 * ServiceStore#findMinimumRpcVersion(String)}).
 *
 * @param topic the RPC topic asked about
 * @param version the lowest version, as the service wrote it ({@code major.minor})
 * @param services how many up services of the topic report an RPC version (at least 1)
 */
public record MinimumRpcVersion(String topic, String version, int services) {

  /** Checks every field at the door. */
  public MinimumRpcVersion {
    ServiceRegistration.requireName("topic", topic);
    RpcVersions.parse(version);
    if (services < 1) {
      throw new IllegalArgumentException("services must be >= 1, found " + services);
    }
  }
}
