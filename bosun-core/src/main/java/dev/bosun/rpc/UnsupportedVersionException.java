package dev.bosun.rpc;

/**
 * A request's version cannot be served. Raised in two places:
 *
 * <ul>
 *   <li>on the server, when no endpoint has the request's namespace and a compatible version
 *       (oslo's {@code oslo_messaging.rpc.dispatcher.UnsupportedVersion}); the caller then gets
 *       this exception with the server's {@link RemoteException} as its cause;
 *   <li>in the caller, before sending, as the subclass {@link VersionCapException} when the version
 *       is above the client's {@code version_cap}.
 * </ul>
 */
public class UnsupportedVersionException extends RpcException {
  private final String method;
  private final String requestedVersion;

  /** The server-side form, with oslo's message. */
  public UnsupportedVersionException(String method, String requestedVersion) {
    this(
        "Endpoint does not support RPC version "
            + requestedVersion
            + ". Attempted method: "
            + method,
        method,
        requestedVersion);
  }

  protected UnsupportedVersionException(String message, String method, String requestedVersion) {
    super(message);
    this.method = method;
    this.requestedVersion = requestedVersion;
  }

  public String method() {
    return method;
  }

  public String requestedVersion() {
    return requestedVersion;
  }
}
