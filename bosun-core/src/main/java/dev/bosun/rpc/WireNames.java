package dev.bosun.rpc;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

/** Java camelCase names to wire snake_case names, and the {@link Name} override. */
final class WireNames {
  private WireNames() {}

  /**
   * {@code createVolume} to {@code create_volume}, {@code volumeID} to {@code volume_id}, {@code
   * HTTPServer} to {@code http_server}, {@code ipv4Address} to {@code ipv4_address}.
   */
  static String toWire(String javaName) {
    StringBuilder wire = new StringBuilder(javaName.length() + 8);
    for (int i = 0; i < javaName.length(); i++) {
      char c = javaName.charAt(i);
      if (Character.isUpperCase(c)) {
        boolean afterLowerOrDigit =
            i > 0
                && (Character.isLowerCase(javaName.charAt(i - 1))
                    || Character.isDigit(javaName.charAt(i - 1)));
        boolean endsAcronym =
            i > 0
                && Character.isUpperCase(javaName.charAt(i - 1))
                && i + 1 < javaName.length()
                && Character.isLowerCase(javaName.charAt(i + 1));
        if ((afterLowerOrDigit || endsAcronym)
            && wire.length() > 0
            && wire.charAt(wire.length() - 1) != '_') {
          wire.append('_');
        }
        wire.append(Character.toLowerCase(c));
      } else {
        wire.append(c);
      }
    }
    return wire.toString();
  }

  static String of(Method method) {
    Name name = method.getAnnotation(Name.class);
    return name != null ? checked(name.value(), method) : toWire(method.getName());
  }

  /**
   * The wire name of a parameter.
   *
   * @throws IllegalArgumentException when the class was compiled without {@code -parameters} and
   *     the parameter has no {@link Name}
   */
  static String of(Parameter parameter, Method method) {
    Name name = parameter.getAnnotation(Name.class);
    if (name != null) {
      return checked(name.value(), method);
    }
    if (!parameter.isNamePresent()) {
      throw new IllegalArgumentException(
          "parameter "
              + parameter.getName()
              + " of "
              + describe(method)
              + " has no name in the class file: compile with -parameters or annotate it with @Name");
    }
    return toWire(parameter.getName());
  }

  static String describe(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName();
  }

  private static String checked(String wire, Method method) {
    if (wire.isBlank()) {
      throw new IllegalArgumentException("@Name on " + describe(method) + " must not be blank");
    }
    return wire;
  }
}
