package dev.bosun.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java interface as an RPC API: the typed form of a manager's RPC methods.
 *
 * <p>A client turns it into a proxy with {@link RpcClient#proxy(Class)}: every abstract method is a
 * call (or, with {@link Cast}, a cast) of the method's wire name (camelCase to snake_case, or
 * {@link Name}) with its parameters as keyword arguments. A first parameter of type {@link
 * dev.bosun.context.RequestContext} is the request context, not an argument.
 *
 * <p>A server exposes the same methods when an endpoint implements the interface; see {@link
 * RpcServer.Builder#endpoint(Object)}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcApi {
  /**
   * The service topic, for example {@code volume}; empty to take the topic of the client the proxy
   * is made from (for an API served under a configurable topic).
   */
  String topic();

  /** The endpoint namespace; empty for none (oslo's {@code None}). */
  String namespace() default "";

  /**
   * The API version: what a method without {@link Since} requests, and what an endpoint that
   * implements this interface serves (its newest version).
   */
  String version() default "1.0";
}
