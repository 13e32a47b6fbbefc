package dev.bosun.manager;

import dev.bosun.config.Durations;
import java.time.Duration;

/**
 * One periodic task: what {@link Periodic} declares on a method, or what code builds with {@link
 * #builder(String, PeriodicBody)} to {@link PeriodicTasks#add add} at run time.
 *
 * @param name unique within one manager; used in logs, statistics and reports
 * @param spacing how often it runs
 * @param runImmediately first run as soon as the runner starts
 * @param externalProcessOk skipped when the runner is told not to run external tasks
 * @param enabled when false the task is not registered
 * @param body the work
 */
public record PeriodicTask(
    String name,
    Spacing spacing,
    boolean runImmediately,
    boolean externalProcessOk,
    boolean enabled,
    PeriodicBody body) {

  public PeriodicTask {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "periodic task name must not be blank, found '" + name + "'");
    }
    if (spacing == null) {
      throw new IllegalArgumentException("periodic task " + name + ": spacing must not be null");
    }
    if (body == null) {
      throw new IllegalArgumentException("periodic task " + name + ": body must not be null");
    }
  }

  /** A builder with oslo's defaults: spacing 60 s, not immediate, not external, enabled. */
  public static Builder builder(String name, PeriodicBody body) {
    return new Builder(name, body);
  }

  /** Builds a {@link PeriodicTask}. */
  public static final class Builder {
    private final String name;
    private final PeriodicBody body;
    private Spacing spacing = Spacing.every(PeriodicTasks.DEFAULT_INTERVAL);
    private boolean runImmediately;
    private boolean externalProcessOk;
    private boolean enabled = true;

    private Builder(String name, PeriodicBody body) {
      this.name = name;
      this.body = body;
    }

    /** A fixed spacing; zero or negative means the task will not be registered. */
    public Builder spacing(Duration every) {
      this.spacing = Spacing.every(every);
      return this;
    }

    /** A fixed spacing in {@link Durations#parse} syntax. */
    public Builder spacing(String every) {
      this.spacing = Spacing.every(Durations.parse(every));
      return this;
    }

    /** The spacing is read from this duration option at every scheduling. */
    public Builder spacingOption(String option) {
      this.spacing = Spacing.fromOption(option);
      return this;
    }

    public Builder runImmediately(boolean runImmediately) {
      this.runImmediately = runImmediately;
      return this;
    }

    public Builder externalProcessOk(boolean externalProcessOk) {
      this.externalProcessOk = externalProcessOk;
      return this;
    }

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public PeriodicTask build() {
      return new PeriodicTask(name, spacing, runImmediately, externalProcessOk, enabled, body);
    }
  }
}
