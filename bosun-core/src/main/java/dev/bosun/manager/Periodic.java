package dev.bosun.manager;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a manager method as a periodic task (oslo's {@code @periodic_task}). The method is an
 * instance method taking no argument or one {@link PeriodicContext}; it may be private and may
 * throw anything. Its return value is ignored.
 *
 * <p><b>Spacing.</b> Give at most one of {@link #spacing()} (a fixed duration) and {@link
 * #spacingOption()} (the name of a duration option, read again every time the task is scheduled, so
 * a config reload changes it; oslo read a decorator argument once, at import). With neither, the
 * spacing is {@link PeriodicTasks#DEFAULT_INTERVAL} (60 s), as for oslo's bare decorator.
 *
 * <p><b>Registration rules</b> (checked when a manager is constructed, and for tasks added with
 * {@link PeriodicTasks#add}): a task with {@code enabled = false} or a negative fixed spacing is
 * not registered, with a log line, as in oslo. <b>A fixed spacing of 0 also disables the task</b>
 * (logged): oslo silently ran such a task every 60 s, which nova had to work around inside its
 * tasks (bug 2089225). A task whose {@code spacingOption} is 0 or negative stays registered but
 * does not run until the option becomes positive.
 *
 * <p><b>Inheritance.</b> A subclass inherits its superclasses' tasks. Overriding a task method
 * without this annotation keeps the task (the override runs); overriding it with this annotation
 * replaces the task's settings, so {@code @Periodic(enabled = false)} on an override turns an
 * inherited task off.
 *
 * <p><b>Threads.</b> Which thread runs the task depends on the runner; see {@link PeriodicRunner}.
 * With Bosun's default runner a task never overlaps itself but may run at the same time as other
 * tasks, RPC handlers and lifecycle hooks.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Periodic {

  /** A fixed spacing: {@code "10s"}, {@code "500ms"}, {@code "60"} (seconds), {@code "PT1M"}. */
  String spacing() default "";

  /** The name of a duration option giving the spacing, resolved at every scheduling. */
  String spacingOption() default "";

  /**
   * Run as soon as the runner starts instead of one spacing (plus the fuzzy delay) later. oslo's
   * {@code run_immediately}.
   */
  boolean runImmediately() default false;

  /** When false the task is not registered (logged). */
  boolean enabled() default true;

  /**
   * The task may run in a separate process: it is skipped when the runner is told not to run
   * external tasks (oslo's {@code external_process_ok} and {@code run_external_periodic_tasks}).
   */
  boolean externalProcessOk() default false;

  /** The task's name in logs, statistics and reports; defaults to the method name. */
  String name() default "";
}
