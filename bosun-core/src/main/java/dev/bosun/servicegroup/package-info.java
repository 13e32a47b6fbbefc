/**
 * Who is up: the {@code services} table, heartbeats into it, and the liveness rule.
 *
 * <p>{@link dev.bosun.servicegroup.ServiceStore} is the SPI behind the table (an in-memory store
 * here, the JDBC store in {@code bosun-db}); {@link dev.bosun.servicegroup.Heartbeat} keeps one
 * service's row fresh from its own platform thread; {@link dev.bosun.servicegroup.ServiceGroup}
 * holds the liveness rule and nova's {@code service_down_time} adjustment.
 */
package dev.bosun.servicegroup;
