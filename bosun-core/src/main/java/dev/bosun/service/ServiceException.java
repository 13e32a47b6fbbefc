package dev.bosun.service;

/** A service could not start, stop or run; the message names the service and the step. */
public class ServiceException extends RuntimeException {
  public ServiceException(String message) {
    super(message);
  }

  public ServiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
