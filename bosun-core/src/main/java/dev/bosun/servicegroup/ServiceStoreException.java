package dev.bosun.servicegroup;

/** A service store operation failed: the store is unreachable, or refused the operation. */
public class ServiceStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that names the operation and the store. */
  public ServiceStoreException(String message) {
    super(message);
  }

  /** An error caused by {@code cause}, typically a {@link java.sql.SQLException}. */
  public ServiceStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
