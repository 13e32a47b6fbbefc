package dev.bosun.rpc;

import org.jspecify.annotations.Nullable;

/**
 * Something went wrong with an RPC: the root of {@code dev.bosun.rpc}'s exceptions. The subclasses
 * say what: {@link RpcTimeoutException}, {@link MessageUndeliverableException}, {@link
 * VersionCapException}, {@link RemoteException} (the handler failed), and the dispatch failures
 * {@link NoSuchMethodException} and {@link UnsupportedVersionException}.
 */
public class RpcException extends RuntimeException {
  public RpcException(String message) {
    super(message);
  }

  public RpcException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
