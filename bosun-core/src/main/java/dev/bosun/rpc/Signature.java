package dev.bosun.rpc;

import dev.bosun.context.RequestContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one Java method maps to an RPC method: its wire name, whether its first parameter is the
 * {@link RequestContext}, its arguments' wire names and types, and whether its last parameter takes
 * the remaining keyword arguments ({@link KwArgs}). Shared by the typed proxy and the server's
 * endpoints, so both sides of an {@link RpcApi} interface agree.
 */
final class Signature {
  /** One keyword argument. {@code optional} when the Java type is {@link Optional}. */
  record Argument(String wireName, Type type, boolean optional) {}

  private final Method method;
  private final String wireName;
  private final boolean takesContext;
  private final List<Argument> arguments;
  private final Optional<Type> kwArgsValueType;

  private Signature(
      Method method,
      String wireName,
      boolean takesContext,
      List<Argument> arguments,
      Optional<Type> kwArgsValueType) {
    this.method = method;
    this.wireName = wireName;
    this.takesContext = takesContext;
    this.arguments = List.copyOf(arguments);
    this.kwArgsValueType = kwArgsValueType;
  }

  /**
   * @throws IllegalArgumentException naming the method and the problem
   */
  static Signature of(Method method) {
    String wireName = WireNames.of(method);
    if (wireName.startsWith("_")) {
      throw new IllegalArgumentException(
          "RPC method "
              + WireNames.describe(method)
              + " has wire name '"
              + wireName
              + "': names starting with '_' are never dispatched");
    }
    Parameter[] parameters = method.getParameters();
    Type[] types = method.getGenericParameterTypes();
    boolean takesContext = parameters.length > 0 && parameters[0].getType() == RequestContext.class;
    List<Argument> arguments = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Optional<Type> kwArgs = Optional.empty();
    for (int i = takesContext ? 1 : 0; i < parameters.length; i++) {
      if (parameters[i].isAnnotationPresent(KwArgs.class)) {
        if (i != parameters.length - 1) {
          throw new IllegalArgumentException(
              "RPC method "
                  + WireNames.describe(method)
                  + " has @KwArgs on parameter "
                  + (i + 1)
                  + " of "
                  + parameters.length
                  + ": it must be the last parameter");
        }
        kwArgs = Optional.of(kwArgsValueType(types[i], method));
        break;
      }
      if (parameters[i].getType() == RequestContext.class) {
        throw new IllegalArgumentException(
            "RPC method "
                + WireNames.describe(method)
                + " takes a RequestContext as parameter "
                + (i + 1)
                + ": the context may only be the first parameter");
      }
      String argumentName = WireNames.of(parameters[i], method);
      if (!seen.add(argumentName)) {
        throw new IllegalArgumentException(
            "RPC method "
                + WireNames.describe(method)
                + " has two arguments with the wire name '"
                + argumentName
                + "'");
      }
      boolean optional = parameters[i].getType() == Optional.class;
      arguments.add(new Argument(argumentName, types[i], optional));
    }
    return new Signature(method, wireName, takesContext, arguments, kwArgs);
  }

  /** {@code V} of a {@code Map<String, V>} parameter; {@code Object} for a raw {@code Map}. */
  private static Type kwArgsValueType(Type type, Method method) {
    if (type == Map.class) {
      return Object.class;
    }
    if (type instanceof ParameterizedType parameterized
        && parameterized.getRawType() == Map.class
        && parameterized.getActualTypeArguments()[0] == String.class) {
      Type value = parameterized.getActualTypeArguments()[1];
      return value instanceof WildcardType wildcard ? wildcard.getUpperBounds()[0] : value;
    }
    throw new IllegalArgumentException(
        "RPC method "
            + WireNames.describe(method)
            + " has @KwArgs on a parameter of type "
            + type.getTypeName()
            + ": it must be a Map<String, V>, e.g. Map<String, Object>");
  }

  Method method() {
    return method;
  }

  String wireName() {
    return wireName;
  }

  boolean takesContext() {
    return takesContext;
  }

  /** The named arguments; the {@link KwArgs} parameter, if any, is not among them. */
  List<Argument> arguments() {
    return arguments;
  }

  /** {@code V} of the {@link KwArgs} {@code Map<String, V>} last parameter, if there is one. */
  Optional<Type> kwArgsValueType() {
    return kwArgsValueType;
  }

  /** The number of Java parameters: context, named arguments and the keyword-argument map. */
  int parameterCount() {
    return (takesContext ? 1 : 0) + arguments.size() + (kwArgsValueType.isPresent() ? 1 : 0);
  }

  /** {@code create_volume(size, name)} or {@code echo(**kwargs)}, for messages. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(wireName).append('(');
    for (int i = 0; i < arguments.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(arguments.get(i).wireName());
    }
    if (kwArgsValueType.isPresent()) {
      text.append(arguments.isEmpty() ? "" : ", ").append("**kwargs");
    }
    return text.append(')').toString();
  }
}
