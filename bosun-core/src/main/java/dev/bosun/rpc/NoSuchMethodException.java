package dev.bosun.rpc;

/**
 * The server has endpoints for the request's namespace and version, but none of them has the method
 * (or the method name starts with {@code _}): oslo's {@code
 * oslo_messaging.rpc.dispatcher.NoSuchMethod}. Raised by the dispatcher on the server; the caller
 * gets it with the server's {@link RemoteException} as its cause.
 *
 * <p>Not to be confused with {@link java.lang.NoSuchMethodException} (reflection); code in the same
 * file as both must spell one of them out.
 */
@SuppressWarnings("JavaLangClash") // oslo's NoSuchMethod, public API since 0.1; the javadoc warns
public class NoSuchMethodException extends RpcException {
  private final String method;

  public NoSuchMethodException(String method) {
    super("Endpoint does not support RPC method " + method);
    this.method = method;
  }

  public String method() {
    return method;
  }
}
