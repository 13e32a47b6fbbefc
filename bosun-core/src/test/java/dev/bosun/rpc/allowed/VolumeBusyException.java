package dev.bosun.rpc.allowed;

/** An exception a caller may rebuild: public, a RuntimeException, with a (String) constructor. */
public class VolumeBusyException extends RuntimeException {
  public VolumeBusyException(String message) {
    super(message);
  }
}
