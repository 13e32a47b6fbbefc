/**
 * Managers and periodic tasks.
 *
 * <p>{@link dev.bosun.manager.Manager} is the base of the logic a service runs, with nova's
 * lifecycle hooks (driven by {@link dev.bosun.manager.ManagerLifecycle}) and cinder's capability
 * store. {@link dev.bosun.manager.Periodic} marks periodic tasks; {@link
 * dev.bosun.manager.PeriodicRunner} runs them, by default each on its own schedule and thread, or
 * with oslo's serial loop. {@link dev.bosun.manager.Scheduler} and {@link
 * dev.bosun.manager.ManualClock} time everything, so tests drive time by hand.
 */
package dev.bosun.manager;
