/**
 * The database of a Bosun deployment: {@link dev.bosun.db.Database} (a HikariCP pool and the
 * Flyway migrations under {@code db/migration/bosun}) and the JDBC
 * {@link dev.bosun.servicegroup.ServiceStore} on H2 (embedded) and PostgreSQL (distributed).
 */
package dev.bosun.db;
