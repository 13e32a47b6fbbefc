package dev.bosun.rpc;

/**
 * A request was not sent because its version is above the client's {@code version_cap}: oslo's
 * {@code RPCVersionCapError}. Raised in the calling process before anything is published; see
 * {@link RpcClient#canSendVersion(String)} to choose an older message instead.
 */
public class VersionCapException extends UnsupportedVersionException {
  private final String versionCap;

  public VersionCapException(String method, String requestedVersion, String versionCap) {
    super(
        "RPC method '"
            + method
            + "' needs version "
            + requestedVersion
            + ", above the version cap "
            + versionCap
            + "; nothing was sent",
        method,
        requestedVersion);
    this.versionCap = versionCap;
  }

  /** The cap the requested version exceeds. */
  public String versionCap() {
    return versionCap;
  }
}
