package dev.bosun.db;

/**
 * The database schema is not the one this Bosun was built for: not created, older (run {@code bosun
 * db sync}) or newer (run the newer Bosun). A service that gets this at start exits.
 */
public class SchemaMismatchException extends DatabaseException {
  private static final long serialVersionUID = 1L;
  private final transient SchemaVersion version;

  /** A mismatch described by {@code version}, with a message saying what to run. */
  public SchemaMismatchException(String message, SchemaVersion version) {
    super(message);
    this.version = version;
  }

  /** The schema version found and the one expected. */
  public SchemaVersion version() {
    return version;
  }
}
