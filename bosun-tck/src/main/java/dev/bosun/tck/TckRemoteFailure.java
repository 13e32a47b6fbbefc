package dev.bosun.tck;

/** The exception {@link RpcContract}'s handler throws; callers allowing this package rebuild it. */
public class TckRemoteFailure extends RuntimeException {
  public TckRemoteFailure(String message) {
    super(message);
  }
}
