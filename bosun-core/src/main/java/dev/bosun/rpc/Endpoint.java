package dev.bosun.rpc;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One endpoint object of an {@link RpcServer}, with its namespace, version and RPC methods.
 *
 * <p>The rule for which methods are RPC methods: every abstract method of every {@link RpcApi}
 * interface the endpoint's class implements (directly or through its superclasses and
 * superinterfaces), plus every public method annotated {@link Rpc}. Nothing else is callable, so
 * lifecycle hooks and helpers of a manager never are. Wire names must be unique in one endpoint.
 */
final class Endpoint {
  private final Object target;
  private final Optional<String> namespace;
  private final Version version;
  private final Map<String, Signature> methods;

  private Endpoint(
      Object target, Optional<String> namespace, Version version, Map<String, Signature> methods) {
    this.target = target;
    this.namespace = namespace;
    this.version = version;
    this.methods = Map.copyOf(methods);
  }

  /**
   * @throws IllegalArgumentException naming the endpoint class and the problem
   */
  static Endpoint of(Object target, Optional<String> namespace, String version) {
    Version parsed;
    try {
      parsed = Version.parse(version);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "endpoint " + target.getClass().getName() + ": " + e.getMessage(), e);
    }
    return new Endpoint(
        target, namespace.filter(ns -> !ns.isEmpty()), parsed, findMethods(target.getClass()));
  }

  /**
   * The endpoint with the namespace and version of its {@link RpcEndpoint} annotation, else of the
   * one {@link RpcApi} interface it implements, else oslo's default (no namespace, 1.0).
   */
  static Endpoint of(Object target) {
    Declared declared = declared(target.getClass());
    return of(target, declared.namespace(), declared.version());
  }

  /** The namespace and version an endpoint class declares; see {@link #of(Object)}. */
  record Declared(Optional<String> namespace, String version) {}

  /**
   * What {@link #of(Object)} takes as namespace and version, without requiring RPC methods (a
   * manager that serves none still reports its version).
   *
   * @throws IllegalArgumentException when the class implements RPC APIs that disagree
   */
  static Declared declared(Class<?> type) {
    RpcEndpoint annotation = type.getAnnotation(RpcEndpoint.class);
    if (annotation != null) {
      return new Declared(Optional.of(annotation.namespace()), annotation.version());
    }
    Set<Class<?>> apis = apiInterfaces(type);
    Set<String> declared = new LinkedHashSet<>();
    for (Class<?> api : apis) {
      RpcApi rpcApi = api.getAnnotation(RpcApi.class);
      declared.add(rpcApi.namespace() + "@" + rpcApi.version());
    }
    if (declared.size() > 1) {
      throw new IllegalArgumentException(
          "endpoint "
              + type.getName()
              + " implements RPC APIs "
              + apis
              + " with different namespaces or versions "
              + declared
              + ": annotate the class with @RpcEndpoint or pass namespace and version explicitly");
    }
    if (apis.isEmpty()) {
      return new Declared(Optional.empty(), Version.DEFAULT.toString());
    }
    RpcApi rpcApi = apis.iterator().next().getAnnotation(RpcApi.class);
    return new Declared(Optional.of(rpcApi.namespace()), rpcApi.version());
  }

  /** Whether {@code type} has any RPC method: an {@link RpcApi} interface or an {@link Rpc}. */
  static boolean hasRpcMethods(Class<?> type) {
    if (!apiInterfaces(type).isEmpty()) {
      return true;
    }
    for (Class<?> current = type;
        current != null && current != Object.class;
        current = current.getSuperclass()) {
      for (java.lang.reflect.Method method : current.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Rpc.class)) {
          return true;
        }
      }
    }
    return false;
  }

  Object target() {
    return target;
  }

  Optional<String> namespace() {
    return namespace;
  }

  Version version() {
    return version;
  }

  Optional<Signature> method(String wireName) {
    return Optional.ofNullable(methods.get(wireName));
  }

  Set<String> methodNames() {
    return methods.keySet();
  }

  @Override
  public String toString() {
    return target.getClass().getName()
        + " (namespace "
        + namespace.orElse("None")
        + ", version "
        + version
        + ")";
  }

  private static Map<String, Signature> findMethods(Class<?> type) {
    List<Method> candidates = new ArrayList<>();
    for (Class<?> api : apiInterfaces(type)) {
      for (Method method : api.getMethods()) {
        if (Modifier.isAbstract(method.getModifiers())) {
          candidates.add(method);
        }
      }
    }
    for (Class<?> current = type;
        current != null && current != Object.class;
        current = current.getSuperclass()) {
      for (Method method : current.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Rpc.class)) {
          if (!Modifier.isPublic(method.getModifiers())
              || Modifier.isStatic(method.getModifiers())) {
            throw new IllegalArgumentException(
                "@Rpc method " + WireNames.describe(method) + " must be public and not static");
          }
          if (!overriddenByCandidate(method, candidates)) {
            candidates.add(method);
          }
        }
      }
    }
    Map<String, Signature> methods = new LinkedHashMap<>();
    for (Method method : candidates) {
      Signature signature = Signature.of(method);
      Signature clash = methods.get(signature.wireName());
      if (clash != null && !sameSignature(clash.method(), method)) {
        throw new IllegalArgumentException(
            "endpoint "
                + type.getName()
                + " has two RPC methods "
                + "with the wire name '"
                + signature.wireName()
                + "': "
                + WireNames.describe(clash.method())
                + " and "
                + WireNames.describe(method)
                + "; RPC has no overloading, rename one or give it a @Name");
      }
      if (clash == null) {
        if (!Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
          try {
            method.setAccessible(true);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "RPC method "
                    + WireNames.describe(method)
                    + " cannot be called: its class is not public ("
                    + e.getMessage()
                    + ")",
                e);
          }
        }
        methods.put(signature.wireName(), signature);
      }
    }
    if (methods.isEmpty()) {
      throw new IllegalArgumentException(
          "endpoint "
              + type.getName()
              + " exposes no RPC methods: "
              + "implement an @RpcApi interface or annotate public methods with @Rpc");
    }
    return methods;
  }

  private static boolean overriddenByCandidate(Method method, List<Method> candidates) {
    return candidates.stream().anyMatch(candidate -> sameSignature(candidate, method));
  }

  private static boolean sameSignature(Method a, Method b) {
    return a.getName().equals(b.getName())
        && java.util.Arrays.equals(a.getParameterTypes(), b.getParameterTypes());
  }

  private static Set<Class<?>> apiInterfaces(Class<?> type) {
    Set<Class<?>> found = new LinkedHashSet<>();
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      collectApis(current, found);
    }
    return found;
  }

  private static void collectApis(Class<?> type, Set<Class<?>> found) {
    for (Class<?> implemented : type.getInterfaces()) {
      if (implemented.isAnnotationPresent(RpcApi.class)) {
        found.add(implemented);
      }
      collectApis(implemented, found);
    }
  }
}
