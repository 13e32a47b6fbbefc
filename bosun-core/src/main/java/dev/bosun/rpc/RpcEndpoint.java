package dev.bosun.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The namespace and version an endpoint class (a manager) serves, read by {@link
 * RpcServer.Builder#endpoint(Object)}: oslo's {@code target = Target(namespace=..., version=...)}
 * on an endpoint.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcEndpoint {
  /** Empty for none (oslo's {@code None}). */
  String namespace() default "";

  /** The newest version the endpoint serves; it accepts every older minor of the same major. */
  String version() default "1.0";
}
