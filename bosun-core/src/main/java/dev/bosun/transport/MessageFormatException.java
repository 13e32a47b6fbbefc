package dev.bosun.transport;

/**
 * A message body is not an oslo.messaging message: not JSON, not a JSON object, an envelope of an
 * unsupported version, or a value that JSON cannot carry. Consumers catch it, log it and drop the
 * message ({@code reject(false)}), as oslo.messaging does; it never ends a consumer.
 */
public class MessageFormatException extends TransportException {
  public MessageFormatException(String message) {
    super(message);
  }

  public MessageFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
