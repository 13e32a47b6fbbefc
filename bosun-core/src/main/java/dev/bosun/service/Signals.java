package dev.bosun.service;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM's only way to catch SIGHUP, SIGUSR2 and friends is {@code sun.misc.Signal} (module {@code
 * jdk.unsupported}); it is kept behind this one class. It does not work when the JVM runs with
 * {@code -Xrs}: then {@link #handle} logs a warning and returns false.
 *
 * <p>Handlers are called on a thread the JVM creates for each signal; they should hand work to
 * another thread and return.
 *
 * <p>{@code sun.misc.Signal} is reached by reflection: javac's "internal proprietary API" warning
 * cannot be suppressed, and the build treats warnings as errors. Public so that a launcher outside
 * this package (the command line, before its service exists) installs its handlers the same way.
 */
public final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /**
   * Installs {@code handler} for the signal named without its SIG prefix ("TERM", "HUP").
   *
   * @param name the signal's name without its SIG prefix
   * @param handler called with the name on the JVM's signal thread
   * @return false, after a logged warning, when this JVM cannot handle the signal
   */
  public static boolean handle(String name, Consumer<String> handler) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object signalHandler =
          Proxy.newProxyInstance(
              handlerClass.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> onProxyCall(name, handler, proxy, method, args));
      signalClass
          .getMethod("handle", signalClass, handlerClass)
          .invoke(null, signal, signalHandler);
      return true;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException
          || cause instanceof UnsupportedOperationException) {
        LOG.warn(
            "Cannot handle SIG{} in this JVM ({}); that signal keeps its default action",
            name,
            cause.getMessage());
        return false;
      }
      throw new IllegalStateException("Installing a handler for SIG" + name + " failed", cause);
    } catch (ReflectiveOperationException e) {
      LOG.warn(
          "Cannot handle SIG{}: this JVM has no usable sun.misc.Signal ({}); that signal keeps its"
              + " default action",
          name,
          e.toString());
      return false;
    }
  }

  private static Object onProxyCall(
      String name, Consumer<String> handler, Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "handle":
        handler.accept(name);
        return proxy; // ignored: SignalHandler.handle returns void
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "handler of SIG" + name;
    }
  }
}
