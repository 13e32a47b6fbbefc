/**
 * Drivers: loading an implementation of a driver kind by config name ({@link
 * dev.bosun.driver.Drivers}), setting it up with cinder's retries ({@link
 * dev.bosun.driver.DriverSetup}) and a manager base that ties the driver's state to the service's
 * liveness ({@link dev.bosun.driver.DriverManager}).
 */
package dev.bosun.driver;
