/** Logging helpers shared by every Bosun module: {@link dev.bosun.log.RateLimitedLog}. */
package dev.bosun.log;
