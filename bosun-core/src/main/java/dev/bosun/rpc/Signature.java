package dev.bosun.rpc;

import dev.bosun.context.RequestContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How one Java method maps to an RPC method: its wire name, whether its first parameter is the
 * {@link RequestContext}, and its arguments' wire names and types. Shared by the typed proxy and
 * the server's endpoints, so both sides of an {@link RpcApi} interface agree.
 */
final class Signature {
  /** One keyword argument. {@code optional} when the Java type is {@link Optional}. */
  record Argument(String wireName, Type type, boolean optional) {}

  private final Method method;
  private final String wireName;
  private final boolean takesContext;
  private final List<Argument> arguments;

  private Signature(Method method, String wireName, boolean takesContext,
      List<Argument> arguments) {
    this.method = method;
    this.wireName = wireName;
    this.takesContext = takesContext;
    this.arguments = List.copyOf(arguments);
  }

  /** @throws IllegalArgumentException naming the method and the problem */
  static Signature of(Method method) {
    String wireName = WireNames.of(method);
    if (wireName.startsWith("_")) {
      throw new IllegalArgumentException("RPC method " + WireNames.describe(method)
          + " has wire name '" + wireName + "': names starting with '_' are never dispatched");
    }
    Parameter[] parameters = method.getParameters();
    Type[] types = method.getGenericParameterTypes();
    boolean takesContext = parameters.length > 0
        && parameters[0].getType() == RequestContext.class;
    List<Argument> arguments = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = takesContext ? 1 : 0; i < parameters.length; i++) {
      if (parameters[i].getType() == RequestContext.class) {
        throw new IllegalArgumentException("RPC method " + WireNames.describe(method)
            + " takes a RequestContext as parameter " + (i + 1)
            + ": the context may only be the first parameter");
      }
      String argumentName = WireNames.of(parameters[i], method);
      if (!seen.add(argumentName)) {
        throw new IllegalArgumentException("RPC method " + WireNames.describe(method)
            + " has two arguments with the wire name '" + argumentName + "'");
      }
      boolean optional = parameters[i].getType() == Optional.class;
      arguments.add(new Argument(argumentName, types[i], optional));
    }
    return new Signature(method, wireName, takesContext, arguments);
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

  List<Argument> arguments() {
    return arguments;
  }

  /** {@code create_volume(size, name)}, for messages. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(wireName).append('(');
    for (int i = 0; i < arguments.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(arguments.get(i).wireName());
    }
    return text.append(')').toString();
  }
}
