package dev.bosun.manager;

import dev.bosun.config.Durations;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the {@link Periodic} methods of a class and its superclasses, once per class. Superclass
 * tasks come first; within one class tasks are ordered by method name, because reflection does not
 * report source order.
 */
final class PeriodicScanner {
  private static final ClassValue<List<Declared>> CACHE =
      new ClassValue<>() {
        @Override
        protected List<Declared> computeValue(Class<?> type) {
          return scan(type);
        }
      };

  private PeriodicScanner() {}

  /** The tasks declared for {@code type}, including disabled ones (the registry filters). */
  static List<Declared> declared(Class<?> type) {
    return CACHE.get(type);
  }

  /** Binds the declared tasks to {@code target}. */
  static List<PeriodicTask> bind(Object target) {
    List<PeriodicTask> tasks = new ArrayList<>();
    for (Declared declared : declared(target.getClass())) {
      tasks.add(declared.bind(target));
    }
    return tasks;
  }

  private static List<Declared> scan(Class<?> type) {
    Deque<Class<?>> lineage = new ArrayDeque<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      lineage.push(c);
    }
    Map<String, Declared> bySignature = new LinkedHashMap<>();
    for (Class<?> c : lineage) {
      Method[] methods = c.getDeclaredMethods();
      Arrays.sort(
          methods,
          Comparator.comparing(Method::getName)
              .thenComparing(method -> Arrays.toString(method.getParameterTypes())));
      for (Method method : methods) {
        Periodic periodic = method.getAnnotation(Periodic.class);
        if (periodic == null) {
          continue;
        }
        Declared declared = declare(method, periodic);
        bySignature.put(signature(method), declared);
      }
    }
    Map<String, Declared> byName = new HashMap<>();
    for (Declared declared : bySignature.values()) {
      Declared clash = byName.put(declared.task().name(), declared);
      if (clash != null) {
        throw new PeriodicTaskException(
            "two periodic tasks of "
                + type.getName()
                + " are named '"
                + declared.task().name()
                + "': "
                + describe(clash.method())
                + " and "
                + describe(declared.method())
                + "; give one of them another @Periodic(name = ...)");
      }
    }
    return List.copyOf(bySignature.values());
  }

  private static Declared declare(Method method, Periodic periodic) {
    String where = describe(method);
    if (Modifier.isStatic(method.getModifiers())) {
      throw new PeriodicTaskException(
          "@Periodic method " + where + " is static; periodic tasks must be instance methods");
    }
    Class<?>[] parameters = method.getParameterTypes();
    boolean takesContext =
        parameters.length == 1 && parameters[0].isAssignableFrom(PeriodicContext.class);
    if (parameters.length > 1 || (parameters.length == 1 && !takesContext)) {
      throw new PeriodicTaskException(
          "@Periodic method "
              + where
              + " takes "
              + Arrays.toString(parameters)
              + "; it must take no argument or one PeriodicContext");
    }
    if (!periodic.spacing().isEmpty() && !periodic.spacingOption().isEmpty()) {
      throw new PeriodicTaskException(
          "@Periodic method "
              + where
              + " gives both spacing = '"
              + periodic.spacing()
              + "' and spacingOption = '"
              + periodic.spacingOption()
              + "'; give one");
    }
    Spacing spacing;
    if (!periodic.spacingOption().isEmpty()) {
      spacing = Spacing.fromOption(periodic.spacingOption());
    } else if (!periodic.spacing().isEmpty()) {
      try {
        spacing = Spacing.every(Durations.parse(periodic.spacing()));
      } catch (IllegalArgumentException e) {
        throw new PeriodicTaskException(
            "@Periodic method " + where + ": bad spacing: " + e.getMessage(), e);
      }
    } else {
      spacing = Spacing.every(PeriodicTasks.DEFAULT_INTERVAL);
    }
    String name = periodic.name().isEmpty() ? method.getName() : periodic.name();
    method.setAccessible(true);
    PeriodicTask template =
        new PeriodicTask(
            name,
            spacing,
            periodic.runImmediately(),
            periodic.externalProcessOk(),
            periodic.enabled(),
            context -> {});
    return new Declared(method, takesContext, template);
  }

  private static String signature(Method method) {
    String key = method.getName() + Arrays.toString(method.getParameterTypes());
    return Modifier.isPrivate(method.getModifiers())
        ? method.getDeclaringClass().getName() + "#" + key
        : key;
  }

  private static String describe(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
  }

  /** One declared task: the method and the settings from its annotation. */
  record Declared(Method method, boolean takesContext, PeriodicTask task) {
    PeriodicTask bind(Object target) {
      PeriodicBody body = context -> invoke(target, context);
      return new PeriodicTask(
          task.name(),
          task.spacing(),
          task.runImmediately(),
          task.externalProcessOk(),
          task.enabled(),
          body);
    }

    private void invoke(Object target, PeriodicContext context) throws Exception {
      try {
        if (takesContext) {
          method.invoke(target, context);
        } else {
          method.invoke(target);
        }
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception) {
          throw (Exception) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw e;
      }
    }
  }
}
