package dev.bosun.transport;

/** A transport could not do what it was asked; the message says what and where. */
public class TransportException extends RuntimeException {
  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
