/**
 * The database of a Bosun deployment: {@link dev.bosun.db.Database} (a HikariCP pool and the Flyway
 * migrations under {@code db/migration/bosun}), the JDBC {@link
 * dev.bosun.servicegroup.ServiceStore} on H2 (embedded) and PostgreSQL (distributed), and the
 * {@code [database]} options with {@link dev.bosun.db.DatabaseOptions#open} that turns a
 * configuration into a database.
 */
package dev.bosun.db;
