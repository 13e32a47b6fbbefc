package dev.bosun.db;

/** The database cannot be reached or refused an operation; the message names the database. */
public class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that names the database and the next step. */
  public DatabaseException(String message) {
    super(message);
  }

  /** An error caused by {@code cause}. */
  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
