package dev.bosun.driver;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Loads a driver implementation chosen by a config value: a short name, or a fully qualified class
 * name.
 *
 * <p><b>Registering a short name.</b> Annotate the implementation with {@link DriverName}, and list
 * its class name in the resource {@code META-INF/services/<kind>}, where {@code <kind>} is the
 * fully qualified name of the driver kind interface (Java's {@link ServiceLoader} format, one class
 * name a line, {@code #} starts a comment):
 *
 * <pre>{@code
 * // src/main/resources/META-INF/services/com.example.VolumeDriver
 * com.example.lvm.LvmVolumeDriver
 * }</pre>
 *
 * Listing the registered names reads the classes ({@link ServiceLoader.Provider#type()}) but
 * creates none of them.
 *
 * <p><b>Construction.</b> The chosen class must be public and implement the kind. Bosun calls its
 * public constructor taking a {@link DriverContext} when there is one and a context was given, else
 * its public no-argument constructor. {@link ServiceLoader} itself insists that registered classes
 * have a public no-argument constructor, so a registered driver that wants the context in its
 * constructor has both (or takes the context in {@link Driver#doSetup}).
 */
public final class Drivers {
  private Drivers() {}

  /**
   * Creates the driver of kind {@code kind} named by {@code value}, with its no-argument
   * constructor.
   *
   * @throws DriverLoadException naming {@code value} and the known names
   */
  public static <K> K load(Class<K> kind, String value) {
    return instantiate(kind, resolve(kind, value), Optional.empty());
  }

  /**
   * Creates the driver of kind {@code kind} named by {@code value}, passing {@code context} to its
   * constructor when it takes one.
   *
   * @throws DriverLoadException naming {@code value} and the known names
   */
  public static <K> K load(Class<K> kind, String value, DriverContext context) {
    if (context == null) {
      throw new IllegalArgumentException("context must not be null");
    }
    return instantiate(kind, resolve(kind, value), Optional.of(context));
  }

  /**
   * The class {@code value} names, without creating it: a registered short name first, else a fully
   * qualified class name that implements {@code kind}.
   *
   * @throws DriverLoadException naming {@code value} and the known names
   */
  public static <K> Class<? extends K> resolve(Class<K> kind, String value) {
    if (kind == null || !kind.isInterface()) {
      throw new IllegalArgumentException("a driver kind must be an interface, found " + kind);
    }
    if (value == null || value.isBlank()) {
      throw new DriverLoadException(
          "no "
              + kind.getSimpleName()
              + " driver configured (value '"
              + value
              + "'); known names: "
              + knownList(kind));
    }
    String name = value.trim();
    List<Class<? extends K>> named = registered(kind).getOrDefault(name, List.of());
    if (named.size() > 1) {
      throw new DriverLoadException(
          "two "
              + kind.getSimpleName()
              + " drivers are named '"
              + name
              + "': "
              + named
              + "; change one's @DriverName");
    }
    if (named.size() == 1) {
      return named.get(0);
    }
    Optional<Class<?>> type = findClass(kind, name);
    if (type.isEmpty()) {
      throw new DriverLoadException(
          "unknown "
              + kind.getSimpleName()
              + " driver '"
              + name
              + "'; known names: "
              + knownList(kind)
              + ". Give one of them, or the fully qualified "
              + "name of a class implementing "
              + kind.getName()
              + " (short names are registered in "
              + "META-INF/services/"
              + kind.getName()
              + ")");
    }
    if (!kind.isAssignableFrom(type.get())) {
      throw new DriverLoadException(
          "class "
              + name
              + " does not implement "
              + kind.getName()
              + " and cannot be used as a "
              + kind.getSimpleName()
              + " driver; known names: "
              + knownList(kind));
    }
    return type.get().asSubclass(kind);
  }

  /**
   * The registered drivers of {@code kind} by short name, sorted; a registered class without {@link
   * DriverName} appears under its fully qualified name.
   *
   * @throws DriverLoadException if a registration is broken, or two classes share a name
   */
  public static <K> Map<String, Class<? extends K>> known(Class<K> kind) {
    Map<String, Class<? extends K>> known = new TreeMap<>();
    registered(kind)
        .forEach(
            (name, classes) -> {
              if (classes.size() > 1) {
                throw new DriverLoadException(
                    "two "
                        + kind.getSimpleName()
                        + " drivers are named '"
                        + name
                        + "': "
                        + classes
                        + "; change one's @DriverName");
              }
              known.put(name, classes.get(0));
            });
    return known;
  }

  /** The name a driver object goes by in logs: its {@link DriverName}, else its class name. */
  public static String nameOf(Object driver) {
    DriverName name = driver.getClass().getAnnotation(DriverName.class);
    return name != null ? name.value() : driver.getClass().getSimpleName();
  }

  private static <K> Map<String, List<Class<? extends K>>> registered(Class<K> kind) {
    Map<String, List<Class<? extends K>>> byName = new TreeMap<>();
    try {
      ServiceLoader.load(kind, loaderFor(kind)).stream()
          .forEach(
              provider -> {
                Class<? extends K> type = provider.type();
                DriverName name = type.getAnnotation(DriverName.class);
                String key = name != null ? name.value() : type.getName();
                byName.computeIfAbsent(key, k -> new ArrayList<>()).add(type);
              });
    } catch (ServiceConfigurationError e) {
      throw new DriverLoadException(
          "cannot list the "
              + kind.getSimpleName()
              + " drivers registered in META-INF/services/"
              + kind.getName()
              + ": "
              + e.getMessage()
              + " (each listed class must be public, implement "
              + kind.getName()
              + " and have a public no-argument constructor)",
          e);
    }
    return byName;
  }

  private static String knownList(Class<?> kind) {
    try {
      List<String> names = new ArrayList<>(registered(kind).keySet());
      return names.isEmpty() ? "(none registered)" : String.join(", ", names);
    } catch (DriverLoadException e) {
      return "(cannot be listed: " + e.getMessage() + ")";
    }
  }

  private static Optional<Class<?>> findClass(Class<?> kind, String name) {
    try {
      return Optional.of(Class.forName(name, false, loaderFor(kind)));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }

  private static ClassLoader loaderFor(Class<?> kind) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      return context;
    }
    return kind.getClassLoader() != null
        ? kind.getClassLoader()
        : ClassLoader.getSystemClassLoader();
  }

  private static <K> K instantiate(
      Class<K> kind, Class<? extends K> type, Optional<DriverContext> context) {
    String what = kind.getSimpleName() + " driver " + type.getName();
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      throw new DriverLoadException(what + " must be a public, non-abstract class");
    }
    Constructor<? extends K> constructor;
    Object[] arguments;
    Optional<Constructor<? extends K>> withContext = constructor(type, DriverContext.class);
    if (context.isPresent() && withContext.isPresent()) {
      constructor = withContext.get();
      arguments = new Object[] {context.get()};
    } else {
      Optional<Constructor<? extends K>> noArg = constructor(type);
      if (noArg.isEmpty()) {
        throw new DriverLoadException(
            what
                + " has no public no-argument constructor"
                + (withContext.isPresent()
                    ? "; it needs a DriverContext: load it with Drivers.load(kind, value, context)"
                    : " and no public constructor taking a DriverContext"));
      }
      constructor = noArg.get();
      arguments = new Object[0];
    }
    try {
      return constructor.newInstance(arguments);
    } catch (InvocationTargetException e) {
      throw new DriverLoadException(
          what + " failed in its constructor: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new DriverLoadException(what + " could not be created: " + e, e);
    }
  }

  private static <K> Optional<Constructor<? extends K>> constructor(
      Class<? extends K> type, Class<?>... parameters) {
    try {
      return Optional.of(type.getConstructor(parameters));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }
}
