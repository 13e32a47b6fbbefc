package dev.bosun.rpc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code failure} of an RPC reply (oslo-wire §6.5): a handler's exception to JSON on the
 * server, and JSON back to an exception in the caller.
 *
 * <p>Java to wire: {@code module} is the exception's package and {@code class} its name without the
 * package ({@code Outer$Inner} for nested classes), {@code message} its message (empty when it has
 * none), {@code tb} its stack trace lines, {@code args} {@code [message]}, {@code kwargs} {@code
 * {}}. A {@link RemoteException} is passed on with its remote fields; the dispatcher's {@link
 * NoSuchMethodException} and {@link UnsupportedVersionException} use oslo's names ({@code
 * oslo_messaging.rpc.dispatcher}) and messages, so Python callers get what they expect.
 *
 * <p>Wire to Java, never deserializing into an arbitrary class: oslo's dispatcher failures become
 * {@link NoSuchMethodException} / {@link UnsupportedVersionException}; a failure whose module is in
 * the caller's allow-list is rebuilt as that class only if it is a public, concrete {@link
 * RuntimeException} with a public {@code (String)} constructor; anything else is a {@link
 * RemoteException}. A rebuilt exception has the {@link RemoteException} as its cause when its
 * constructor left the cause free, so the remote traceback is not lost.
 */
final class Failures {
  static final String OSLO_DISPATCHER = "oslo_messaging.rpc.dispatcher";

  private Failures() {}

  static ObjectNode toJson(Throwable error) {
    ObjectNode failure = RpcJson.object();
    if (error instanceof RemoteException remote) {
      failure.put("class", remote.remoteClass());
      failure.put("module", remote.remoteModule());
      failure.put("message", remote.remoteMessage());
      ArrayNode tb = failure.putArray("tb");
      (remote.traceback().isEmpty() ? traceback(remote) : remote.traceback()).forEach(tb::add);
      failure.set("args", RpcJson.toTree(remote.args()));
      failure.set("kwargs", RpcJson.toTree(remote.kwargs()));
      return failure;
    }
    String message = String.valueOf(error.getMessage() == null ? "" : error.getMessage());
    if (error instanceof NoSuchMethodException) {
      failure.put("class", "NoSuchMethod");
      failure.put("module", OSLO_DISPATCHER);
    } else if (error instanceof UnsupportedVersionException) {
      failure.put("class", "UnsupportedVersion");
      failure.put("module", OSLO_DISPATCHER);
    } else {
      Class<?> type = error.getClass();
      String module = type.getPackageName();
      failure.put(
          "class",
          module.isEmpty() ? type.getName() : type.getName().substring(module.length() + 1));
      failure.put("module", module);
    }
    failure.put("message", message);
    ArrayNode tb = failure.putArray("tb");
    traceback(error).forEach(tb::add);
    failure.putArray("args").add(message);
    failure.putObject("kwargs");
    return failure;
  }

  /** The failure as the JSON string a reply carries (a string, not an object: §6.2). */
  static String toWire(Throwable error) {
    return RpcJson.MAPPER.writeValueAsString(toJson(error));
  }

  /**
   * The exception a caller raises for a reply's {@code failure}.
   *
   * @param method the method that was called, for the dispatcher failures
   * @param version the version that was requested, for {@link UnsupportedVersionException}
   */
  static RuntimeException fromWire(
      String failureText,
      Set<String> allowedModules,
      ClassLoader loader,
      String method,
      String version) {
    JsonNode failure;
    try {
      failure = RpcJson.MAPPER.readTree(failureText);
    } catch (JacksonException e) {
      return new RemoteException(
          "MalformedFailure",
          "",
          "the server sent a failure that is not " + "JSON: " + abbreviate(failureText),
          List.of(),
          List.of(),
          Map.of());
    }
    if (!failure.isObject()) {
      return new RemoteException(
          "MalformedFailure",
          "",
          "the server sent a failure that is not a " + "JSON object: " + abbreviate(failureText),
          List.of(),
          List.of(),
          Map.of());
    }
    String className = text(failure, "class");
    String module = text(failure, "module");
    if (module.equals("exceptions")) {
      module = "builtins";
    }
    List<String> tb = new ArrayList<>();
    failure.path("tb").forEach(line -> tb.add(line.isString() ? line.asString() : line.toString()));
    List<Object> args = new ArrayList<>();
    failure.path("args").forEach(arg -> args.add(RpcJson.MAPPER.treeToValue(arg, Object.class)));
    Map<String, Object> kwargs = new LinkedHashMap<>();
    JsonNode kwargsNode = failure.path("kwargs");
    if (kwargsNode.isObject()) {
      kwargsNode
          .properties()
          .forEach(
              entry ->
                  kwargs.put(
                      entry.getKey(), RpcJson.MAPPER.treeToValue(entry.getValue(), Object.class)));
    }
    RemoteException remote =
        new RemoteException(className, module, text(failure, "message"), tb, args, kwargs);
    if (module.equals(OSLO_DISPATCHER) && className.equals("NoSuchMethod")) {
      return withCause(new NoSuchMethodException(method), remote);
    }
    if (module.equals(OSLO_DISPATCHER) && className.equals("UnsupportedVersion")) {
      return withCause(new UnsupportedVersionException(method, version), remote);
    }
    if (allowedModules.contains(module)) {
      RuntimeException rebuilt = rebuild(module, className, remote.remoteMessage(), loader);
      if (rebuilt != null) {
        return withCause(rebuilt, remote);
      }
    }
    return remote;
  }

  private static @Nullable RuntimeException rebuild(
      String module, String className, String message, ClassLoader loader) {
    if (className.isEmpty() || className.contains(".") || className.contains("/")) {
      return null;
    }
    try {
      Class<?> type = Class.forName(module + "." + className, false, loader);
      if (!RuntimeException.class.isAssignableFrom(type)
          || !Modifier.isPublic(type.getModifiers())
          || Modifier.isAbstract(type.getModifiers())
          || !type.getPackageName().equals(module)) {
        return null;
      }
      Constructor<?> constructor = type.getConstructor(String.class);
      return (RuntimeException) constructor.newInstance(message);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  private static RuntimeException withCause(RuntimeException error, RemoteException remote) {
    if (error.getCause() == null) {
      try {
        error.initCause(remote);
      } catch (IllegalStateException alreadySet) {
        error.addSuppressed(remote);
      }
    } else {
      error.addSuppressed(remote);
    }
    return error;
  }

  private static List<String> traceback(Throwable error) {
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    List<String> lines = new ArrayList<>();
    text.toString().lines().forEach(line -> lines.add(line + "\n"));
    return lines;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return "";
    }
    return value.isString() ? value.asString() : value.toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
