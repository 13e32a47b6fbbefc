package dev.bosun.manager;

/** A manager, its periodic tasks or its lifecycle was used or declared wrongly. */
public class ManagerException extends RuntimeException {
  public ManagerException(String message) {
    super(message);
  }

  public ManagerException(String message, Throwable cause) {
    super(message, cause);
  }
}
