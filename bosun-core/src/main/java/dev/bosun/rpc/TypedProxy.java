package dev.bosun.rpc;

import dev.bosun.context.RequestContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The typed client of an {@link RpcApi} interface (see {@link RpcClient#proxy(Class)}).
 *
 * <p>Checked when created: the interface is annotated and public, versions parse, every {@link
 * Since} has the interface's major version and is not above its version, casts return {@code void},
 * wire names are unique and do not start with {@code _}, parameters have names, and a {@link
 * RequestContext} is only ever the first parameter. A method without a context parameter sends an
 * empty context.
 *
 * <p>Return types: {@code void}; {@code Optional<T>} (empty for a null result); {@code T} (a null
 * result is an {@link RpcException}, since the proxy never returns null); or {@code
 * CompletableFuture<T>} / {@code CompletableFuture<Optional<T>>} for an asynchronous call (a {@code
 * CompletableFuture<Void>} cast completes when the transport took the message). Default methods run
 * as written, so an interface may add helpers.
 */
final class TypedProxy implements InvocationHandler {
  private enum Kind {
    CALL,
    CAST
  }

  private record ApiMethod(
      Signature signature,
      Kind kind,
      boolean fanout,
      String version,
      boolean async,
      boolean optional,
      Type valueType) {}

  private final Class<?> api;
  private final DefaultRpcClient client;
  private final PartialTarget target;
  private final Map<Method, ApiMethod> methods;

  private TypedProxy(
      Class<?> api, DefaultRpcClient client, PartialTarget target, Map<Method, ApiMethod> methods) {
    this.api = api;
    this.client = client;
    this.target = target;
    this.methods = methods;
  }

  static <T> T create(Class<T> api, DefaultRpcClient client) {
    if (!api.isInterface()) {
      throw new IllegalArgumentException(
          api.getName()
              + " is not an interface; a typed RPC "
              + "client needs an interface annotated with @RpcApi");
    }
    RpcApi annotation = api.getAnnotation(RpcApi.class);
    if (annotation == null) {
      throw new IllegalArgumentException(api.getName() + " is not annotated with @RpcApi");
    }
    Version apiVersion;
    try {
      apiVersion = Version.parse(annotation.version());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("@RpcApi of " + api.getName() + ": " + e.getMessage(), e);
    }
    PartialTarget target = client.partialTarget();
    if (!annotation.topic().isBlank()) {
      target = target.withTopic(annotation.topic());
    } else if (target.topic().isEmpty()) {
      throw new IllegalArgumentException(
          "@RpcApi of "
              + api.getName()
              + " names no topic and "
              + "the client has none: set @RpcApi(topic = ...) or give the client a target");
    }
    target =
        annotation.namespace().isEmpty()
            ? target.withoutNamespace()
            : target.withNamespace(annotation.namespace());
    target = target.withFanout(false);
    Map<Method, ApiMethod> methods = new HashMap<>();
    Map<String, Method> byWireName = new HashMap<>();
    for (Method method : api.getMethods()) {
      if (!Modifier.isAbstract(method.getModifiers())) {
        continue;
      }
      ApiMethod parsed = parse(method, apiVersion);
      Method clash = byWireName.put(parsed.signature().wireName(), method);
      if (clash != null) {
        throw new IllegalArgumentException(
            api.getName()
                + " has two methods with the wire name '"
                + parsed.signature().wireName()
                + "' ("
                + clash.getName()
                + " and "
                + method.getName()
                + "); RPC has no overloading, rename one or give it a @Name");
      }
      methods.put(method, parsed);
    }
    Object proxy =
        Proxy.newProxyInstance(
            api.getClassLoader(),
            new Class<?>[] {api},
            new TypedProxy(api, client, target, Map.copyOf(methods)));
    return api.cast(proxy);
  }

  private static ApiMethod parse(Method method, Version apiVersion) {
    String where = WireNames.describe(method);
    Signature signature = Signature.of(method);
    String version = apiVersion.toString();
    Since since = method.getAnnotation(Since.class);
    if (since != null) {
      Version parsed;
      try {
        parsed = Version.parse(since.value());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("@Since of " + where + ": " + e.getMessage(), e);
      }
      if (parsed.major() != apiVersion.major() || parsed.compareTo(apiVersion) > 0) {
        throw new IllegalArgumentException(
            "@Since(\""
                + since.value()
                + "\") of "
                + where
                + " must have the API's major version and not be above the API version "
                + apiVersion
                + " of @RpcApi; raise @RpcApi(version) when adding a method");
      }
      version = since.value();
    }
    Cast cast = method.getAnnotation(Cast.class);
    Type returnType = method.getGenericReturnType();
    boolean async = method.getReturnType() == CompletableFuture.class;
    Type valueType = async ? typeArgument(returnType, where) : returnType;
    if (cast != null) {
      boolean voidValue = valueType == void.class || valueType == Void.class;
      if (!voidValue || (!async && returnType != void.class)) {
        throw new IllegalArgumentException(
            "@Cast method "
                + where
                + " must return void or "
                + "CompletableFuture<Void>: a cast has no result, found "
                + returnType.getTypeName());
      }
      return new ApiMethod(signature, Kind.CAST, cast.fanout(), version, async, false, valueType);
    }
    boolean optional = rawClass(valueType) == Optional.class;
    if (optional) {
      valueType = typeArgument(valueType, where);
    }
    return new ApiMethod(signature, Kind.CALL, false, version, async, optional, valueType);
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] arguments)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return proxy == arguments[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "RpcProxy["
              + api.getSimpleName()
              + " -> "
              + target.complete().map(Target::toString).orElse("?")
              + "]";
      }
    }
    if (method.isDefault()) {
      return InvocationHandler.invokeDefault(proxy, method, arguments);
    }
    // every abstract method of the interface was checked and put in the map at creation
    ApiMethod apiMethod = Objects.requireNonNull(methods.get(method), method::toString);
    Object[] values = arguments == null ? new Object[0] : arguments;
    Signature signature = apiMethod.signature();
    RequestContext context =
        signature.takesContext() && values[0] != null
            ? (RequestContext) values[0]
            : RequestContext.builder().build();
    ObjectNode args = RpcJson.object();
    int offset = signature.takesContext() ? 1 : 0;
    for (int i = 0; i < signature.arguments().size(); i++) {
      Object value = values[i + offset];
      Signature.Argument argument = signature.arguments().get(i);
      if (argument.optional()) {
        Optional<?> optional = value == null ? Optional.empty() : (Optional<?>) value;
        if (optional.isEmpty()) {
          continue;
        }
        value = optional.get();
      }
      args.set(argument.wireName(), RpcJson.toTree(value));
    }
    if (signature.kwArgsValueType().isPresent() && values[values.length - 1] != null) {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) values[values.length - 1]).entrySet()) {
        String name = String.valueOf(entry.getKey());
        if (signature.arguments().stream().anyMatch(a -> a.wireName().equals(name))) {
          throw new IllegalArgumentException(
              WireNames.describe(method)
                  + ": the @KwArgs map "
                  + "holds '"
                  + name
                  + "', which is also a named argument; send it once");
        }
        args.set(name, RpcJson.toTree(entry.getValue()));
      }
    }
    PartialTarget to = target.withVersion(apiMethod.version());
    String wireName = signature.wireName();
    if (apiMethod.kind() == Kind.CAST) {
      PartialTarget castTo = to.withFanout(apiMethod.fanout());
      CompletableFuture<Void> sent =
          client.castJson(context, wireName, args, castTo, apiMethod.async());
      if (apiMethod.async()) {
        return sent;
      }
      DefaultRpcClient.awaitSent(sent, wireName, castTo, client.timeout());
      return null;
    }
    CompletableFuture<Object> result =
        client
            .callJson(context, wireName, args, to, apiMethod.async())
            .thenApply(json -> shape(json, apiMethod, wireName));
    return apiMethod.async() ? result : DefaultRpcClient.await(result, wireName, client.timeout());
  }

  private @Nullable Object shape(JsonNode json, ApiMethod apiMethod, String wireName) {
    Type valueType = apiMethod.valueType();
    if (valueType == void.class || valueType == Void.class) {
      return null;
    }
    Optional<Object> value = DefaultRpcClient.convertResult(json, valueType, wireName);
    if (apiMethod.optional()) {
      return value;
    }
    return value.orElseThrow(
        () ->
            new RpcException(
                "RPC method '"
                    + wireName
                    + "' of "
                    + api.getSimpleName()
                    + " returned null, but its Java return type "
                    + valueType.getTypeName()
                    + " cannot be null: declare it Optional<...>"));
  }

  private static Type typeArgument(Type type, String where) {
    if (type instanceof ParameterizedType parameterized) {
      return parameterized.getActualTypeArguments()[0];
    }
    throw new IllegalArgumentException(
        where + " returns a raw " + type.getTypeName() + ": give its type argument");
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType parameterized) {
      return (Class<?>) parameterized.getRawType();
    }
    return Object.class;
  }
}
