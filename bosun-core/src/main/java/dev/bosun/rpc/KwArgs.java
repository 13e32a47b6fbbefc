package dev.bosun.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the last parameter of an RPC method as Python's {@code **kwargs}: a {@code Map<String, V>}
 * that receives every keyword argument the caller sent which no other parameter names, in the order
 * sent, each converted to {@code V} ({@code Object} gives plain Java values: {@code String}, {@code
 * Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean}, {@code List}, {@code
 * Map} and {@code null} for JSON {@code null}; {@code JsonNode} keeps the JSON as it came). The map
 * is unmodifiable and empty when there is nothing left over. A Python endpoint written as {@code
 * def echo(self, ctxt, **kwargs)} becomes
 *
 * <pre>{@code
 * @Rpc
 * public Map<String, Object> echo(@KwArgs Map<String, Object> kwargs) { return kwargs; }
 * }</pre>
 *
 * <p>Without this parameter a keyword argument the method does not name fails the call with {@code
 * TypeError: got unexpected keyword argument}, as a Python method without {@code **kwargs} does. A
 * value that does not convert to {@code V} fails the same way as a named argument of the wrong
 * type.
 *
 * <p>On an {@link RpcApi} interface used as a typed client, the map's entries are sent as keyword
 * arguments next to the named ones; a key that is also a named argument's wire name is refused
 * before sending (Python's "got multiple values for keyword argument").
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface KwArgs {}
