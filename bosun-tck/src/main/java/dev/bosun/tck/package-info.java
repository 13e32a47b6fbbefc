/**
 * Contract suites that every transport and every service store extends and passes, and the test
 * support the modules' tests share: {@link dev.bosun.tck.ExternalServices} (skip or fail without a
 * server), {@link dev.bosun.tck.PostgresSchemas} (a throw-away schema per test), {@link
 * dev.bosun.tck.TcpProxy} (cut a real connection) and {@link dev.bosun.tck.OsloInterop} (the real
 * oslo.messaging peers).
 */
package dev.bosun.tck;
