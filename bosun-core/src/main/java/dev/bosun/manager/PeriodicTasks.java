package dev.bosun.manager;

import dev.bosun.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic tasks registered for one object (usually a {@link Manager}): the {@link Periodic}
 * methods of its class and superclasses, plus tasks {@link #add added} at run time.
 *
 * <p>Unlike oslo, where {@code add_periodic_task} appended to a list shared by the class (and
 * another instance of the class then failed with {@code KeyError}), every instance has its own
 * registry: a task added to one manager exists only for that manager.
 *
 * <p>Thread-safe. Runners see tasks added after they started.
 */
public final class PeriodicTasks {
  /**
   * oslo's {@code DEFAULT_INTERVAL}: the spacing of a task declared without one, and the longest
   * idle time {@link SerialPeriodicRunner#runPeriodicTasks(boolean)} returns.
   */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(PeriodicTasks.class);

  private final String owner;
  private final Function<String, Optional<Duration>> optionLookup;
  private final List<PeriodicTask> tasks = new CopyOnWriteArrayList<>();
  private final List<Consumer<PeriodicTask>> listeners = new CopyOnWriteArrayList<>();

  private PeriodicTasks(String owner, Function<String, Optional<Duration>> optionLookup) {
    this.owner = owner;
    this.optionLookup = optionLookup;
  }

  /**
   * The registry of {@code target}'s {@link Periodic} methods.
   *
   * @param optionLookup gives the current value of a duration option by name; used for {@link
   *     Periodic#spacingOption()}, now (to check the option exists) and at every scheduling
   * @throws PeriodicTaskException if a declaration is wrong (bad signature, bad spacing, two tasks
   *     with one name) or names an option the lookup does not know
   */
  public static PeriodicTasks of(Object target, Function<String, Optional<Duration>> optionLookup) {
    if (target == null || optionLookup == null) {
      throw new IllegalArgumentException("target and optionLookup must not be null");
    }
    PeriodicTasks registry = new PeriodicTasks(target.getClass().getSimpleName(), optionLookup);
    for (PeriodicTask task : PeriodicScanner.bind(target)) {
      registry.add(task);
    }
    return registry;
  }

  /** An empty registry for tasks added with {@link #add}; {@code owner} names them in logs. */
  public static PeriodicTasks create(
      String owner, Function<String, Optional<Duration>> optionLookup) {
    if (owner == null || owner.isBlank() || optionLookup == null) {
      throw new IllegalArgumentException(
          "owner must not be blank and optionLookup not null, found '" + owner + "'");
    }
    return new PeriodicTasks(owner, optionLookup);
  }

  /**
   * Registers {@code task} for this registry only, under the rules of {@link Periodic}: a disabled
   * task, or one with a fixed spacing of zero or less, is logged and not registered.
   *
   * @return whether the task was registered
   * @throws PeriodicTaskException if a task of that name is already registered, or the spacing
   *     option is unknown
   */
  public boolean add(PeriodicTask task) {
    if (task == null) {
      throw new IllegalArgumentException("task must not be null");
    }
    if (!task.enabled()) {
      LOG.info("Skipping periodic task {}.{} because it is disabled", owner, task.name());
      return false;
    }
    if (task.spacing() instanceof Spacing.Fixed) {
      Duration every = ((Spacing.Fixed) task.spacing()).every();
      if (every.isNegative()) {
        LOG.info(
            "Skipping periodic task {}.{} because its interval is negative ({})",
            owner,
            task.name(),
            Durations.format(every));
        return false;
      }
      if (every.isZero()) {
        LOG.info(
            "Skipping periodic task {}.{} because its spacing is 0, which disables a task in "
                + "Bosun (oslo ran it every 60 s instead)",
            owner,
            task.name());
        return false;
      }
    } else {
      String option = ((Spacing.FromOption) task.spacing()).option();
      Optional<Duration> current;
      try {
        current = lookup(option);
      } catch (RuntimeException e) {
        throw new PeriodicTaskException(
            "periodic task "
                + owner
                + "."
                + task.name()
                + " takes its spacing from option '"
                + option
                + "', which cannot be read: "
                + e.getMessage(),
            e);
      }
      if (current.isEmpty()) {
        throw new PeriodicTaskException(
            "periodic task "
                + owner
                + "."
                + task.name()
                + " takes its spacing from option '"
                + option
                + "', which is not defined");
      }
    }
    synchronized (tasks) {
      for (PeriodicTask existing : tasks) {
        if (existing.name().equals(task.name())) {
          throw new PeriodicTaskException(
              "periodic task "
                  + owner
                  + "."
                  + task.name()
                  + " is already registered; choose another name");
        }
      }
      tasks.add(task);
    }
    for (Consumer<PeriodicTask> listener : listeners) {
      listener.accept(task);
    }
    return true;
  }

  /** The registered tasks, in registration order (superclass tasks first). */
  public List<PeriodicTask> tasks() {
    return List.copyOf(tasks);
  }

  /** The name used for these tasks in logs: the owner's simple class name. */
  public String owner() {
    return owner;
  }

  /**
   * The spacing {@code task} has now: its fixed spacing, or its option's current value. Empty when
   * the option is zero or negative (the task is paused) or cannot be read.
   */
  Optional<Duration> currentSpacing(PeriodicTask task) {
    if (task.spacing() instanceof Spacing.Fixed) {
      return Optional.of(((Spacing.Fixed) task.spacing()).every());
    }
    String option = ((Spacing.FromOption) task.spacing()).option();
    Optional<Duration> value;
    try {
      value = lookup(option);
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot read option '{}' for periodic task {}.{} ({}); the task is paused until it "
              + "can be read",
          option,
          owner,
          task.name(),
          e.getMessage());
      return Optional.empty();
    }
    return value.filter(every -> !every.isNegative() && !every.isZero());
  }

  /** Calls {@code listener} for every task registered from now on. */
  void onAdd(Consumer<PeriodicTask> listener) {
    listeners.add(listener);
  }

  private Optional<Duration> lookup(String option) {
    Optional<Duration> value = optionLookup.apply(option);
    return value == null ? Optional.empty() : value;
  }

  @Override
  public String toString() {
    List<String> names = new ArrayList<>();
    for (PeriodicTask task : tasks) {
      names.add(task.name() + "(" + task.spacing() + ")");
    }
    return "PeriodicTasks[" + owner + ": " + String.join(", ", names) + "]";
  }
}
