package dev.bosun.db;

import java.util.Optional;

/**
 * Where a database's schema stands, what {@code bosun db version} prints.
 *
 * @param current the newest migration applied to the database, empty when none is
 * @param latest the newest migration this Bosun carries
 * @param status how the two compare
 */
public record SchemaVersion(Optional<String> current, String latest, Status status) {

  /** How the database's schema compares with this Bosun's migrations. */
  public enum Status {
    /** No Bosun schema yet: run {@code bosun db sync}. */
    UNINITIALIZED,
    /** Migrations are pending: run {@code bosun db sync}. */
    BEHIND,
    /** The schema is the one this Bosun needs. */
    CURRENT,
    /** The database was migrated by a newer Bosun; this one must not use it. */
    AHEAD
  }

  /** Whether a service of this Bosun may run on the database. */
  public boolean isCurrent() {
    return status == Status.CURRENT;
  }

  /** One line for logs: both versions and {@link #statusText()}. */
  public String describe() {
    return "schema version "
        + current.orElse("(none)")
        + ", latest "
        + latest
        + ": "
        + statusText();
  }

  /**
   * What the status means and what to run, e.g. {@code "migrations pending; run 'bosun db sync'"}.
   */
  public String statusText() {
    return switch (status) {
      case UNINITIALIZED -> "not created; run 'bosun db sync'";
      case BEHIND -> "migrations pending; run 'bosun db sync'";
      case CURRENT -> "up to date";
      case AHEAD -> "newer than this Bosun; run the newer Bosun";
    };
  }
}
