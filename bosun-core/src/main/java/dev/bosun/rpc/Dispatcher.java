package dev.bosun.rpc;

import dev.bosun.context.RequestContext;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * Chooses the endpoint method for a request and calls it (oslo-wire §9.3).
 *
 * <p>The endpoints are tried in registration order. One is a candidate when its namespace equals
 * the request's (both absent counts as equal) and its version can serve the requested one (same
 * major, minor not newer; a request without a version asks for 1.0). The first candidate that has
 * the method runs it. With candidates but no such method (or a method name starting with {@code _})
 * the result is {@link NoSuchMethodException}; with no candidate at all it is {@link
 * UnsupportedVersionException}, as in oslo (an unknown namespace is also "unsupported version").
 *
 * <p>Arguments are bound by wire name and converted from JSON to the parameter types; those no
 * parameter names go to a {@link KwArgs} map when the method has one. A missing argument (unless
 * the parameter is an {@link Optional}), an argument the method does not take, or one that does not
 * convert, fails with Python's {@code builtins.TypeError}, which is what a Python server raises for
 * the same mistakes; the message names the method and the arguments.
 *
 * <p>A method may return a {@link java.util.concurrent.CompletionStage} (as the asynchronous
 * methods of an {@link RpcApi} interface do): the handler thread waits for it and replies with its
 * value or its exception. An {@link Optional} result is unwrapped.
 *
 * <p>Thread-safe and stateless once built: many requests are dispatched at the same time.
 */
final class Dispatcher {
  private final List<Endpoint> endpoints;

  Dispatcher(List<Endpoint> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  List<Endpoint> endpoints() {
    return endpoints;
  }

  /** Whether some endpoint has a method of this wire name, whatever its namespace and version. */
  boolean knows(String method) {
    if (method.startsWith("_")) {
      return false;
    }
    for (Endpoint endpoint : endpoints) {
      if (endpoint.method(method).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /** The endpoint and method that serve a request, or the dispatch failure. */
  record Resolved(Endpoint endpoint, Signature signature) {}

  Resolved resolve(String method, Optional<String> namespace, String version) {
    Version requested;
    try {
      requested = Version.parse(version);
    } catch (IllegalArgumentException e) {
      throw pythonError(
          "ValueError",
          "invalid RPC version '" + version + "' for method " + method + ": " + e.getMessage());
    }
    boolean foundCompatible = false;
    for (Endpoint endpoint : endpoints) {
      if (!endpoint.namespace().equals(namespace) || !endpoint.version().canServe(requested)) {
        continue;
      }
      if (!method.startsWith("_")) {
        Optional<Signature> signature = endpoint.method(method);
        if (signature.isPresent()) {
          return new Resolved(endpoint, signature.get());
        }
      }
      foundCompatible = true;
    }
    if (foundCompatible) {
      throw new NoSuchMethodException(method);
    }
    throw new UnsupportedVersionException(method, version);
  }

  /**
   * Runs the request and returns its result as JSON ({@code null} for {@code void}, an empty {@link
   * Optional} or a null return).
   *
   * @throws Throwable what the endpoint method threw, or a dispatch or argument failure
   */
  JsonNode dispatch(
      RequestContext context,
      String method,
      JsonNode args,
      Optional<String> namespace,
      String version)
      throws Throwable {
    Resolved resolved = resolve(method, namespace, version);
    Object[] values = bind(resolved.signature(), context, args);
    Object result;
    try {
      result = resolved.signature().method().invoke(resolved.endpoint().target(), values);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result instanceof java.util.concurrent.CompletionStage<?> stage) {
      try {
        result = stage.toCompletableFuture().get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause();
      }
    }
    if (result instanceof Optional<?> optional) {
      result = optional.orElse(null);
    }
    return result == null ? NullNode.getInstance() : RpcJson.toTree(result);
  }

  static Object[] bind(Signature signature, RequestContext context, JsonNode args) {
    if (args == null || args.isMissingNode() || args.isNull()) {
      args = RpcJson.object();
    }
    if (!args.isObject()) {
      throw pythonError(
          "TypeError",
          signature.wireName()
              + "() arguments must be a JSON object of keyword arguments, found "
              + abbreviate(args));
    }
    List<Signature.Argument> arguments = signature.arguments();
    int offset = signature.takesContext() ? 1 : 0;
    Object[] values = new Object[signature.parameterCount()];
    if (signature.takesContext()) {
      values[0] = context;
    }
    List<String> missing = new ArrayList<>();
    List<String> wrongType = new ArrayList<>();
    Set<String> surplus = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> entry : args.properties()) {
      surplus.add(entry.getKey());
    }
    for (int i = 0; i < arguments.size(); i++) {
      Signature.Argument argument = arguments.get(i);
      surplus.remove(argument.wireName());
      JsonNode value = args.get(argument.wireName());
      if (value == null) {
        if (argument.optional()) {
          values[i + offset] = Optional.empty();
        } else {
          missing.add("'" + argument.wireName() + "'");
        }
        continue;
      }
      try {
        values[i + offset] = RpcJson.convert(value, RpcJson.type(argument.type()));
      } catch (JacksonException | IllegalArgumentException e) {
        wrongType.add(
            "argument '"
                + argument.wireName()
                + "' must be "
                + argument.type().getTypeName()
                + ", found "
                + abbreviate(value)
                + " ("
                + firstLine(e.getMessage())
                + ")");
      }
    }
    if (signature.kwArgsValueType().isPresent()) {
      JavaType valueType = RpcJson.type(signature.kwArgsValueType().get());
      Map<String, Object> kwArgs = new LinkedHashMap<>();
      for (String name : surplus) {
        JsonNode value = args.get(name);
        try {
          kwArgs.put(
              name,
              valueType.hasRawClass(JsonNode.class)
                  ? value
                  : value.isNull() ? null : RpcJson.convert(value, valueType));
        } catch (JacksonException | IllegalArgumentException e) {
          wrongType.add(
              "keyword argument '"
                  + name
                  + "' must be "
                  + valueType.toCanonical()
                  + ", found "
                  + abbreviate(value)
                  + " ("
                  + firstLine(e.getMessage())
                  + ")");
        }
      }
      values[values.length - 1] = Collections.unmodifiableMap(kwArgs);
      surplus.clear();
    }
    List<String> problems = new ArrayList<>();
    if (!missing.isEmpty()) {
      problems.add(
          "missing "
              + missing.size()
              + " required argument"
              + (missing.size() == 1 ? "" : "s")
              + ": "
              + String.join(", ", missing));
    }
    if (!surplus.isEmpty()) {
      List<String> quoted = new ArrayList<>();
      surplus.forEach(name -> quoted.add("'" + name + "'"));
      problems.add(
          "got unexpected keyword argument"
              + (surplus.size() == 1 ? "" : "s")
              + " "
              + String.join(", ", quoted));
    }
    problems.addAll(wrongType);
    if (!problems.isEmpty()) {
      throw pythonError(
          "TypeError",
          signature.wireName()
              + "() "
              + String.join("; ", problems)
              + " (takes "
              + signature
              + ")");
    }
    return values;
  }

  /** A failure a Python caller sees as {@code builtins.<className>}. */
  static RemoteException pythonError(String className, String message) {
    return new RemoteException(
        className, "builtins", message, List.of(), List.of(message), Map.of());
  }

  private static String abbreviate(JsonNode value) {
    String text = value.toString();
    return text.length() <= 100 ? text : text.substring(0, 100) + "...";
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "not convertible";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
