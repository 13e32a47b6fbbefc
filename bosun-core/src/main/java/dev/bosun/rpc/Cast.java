package dev.bosun.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of an {@link RpcApi} interface a cast: the proxy publishes it and returns at once,
 * with no reply. The method must return {@code void}. With {@code fanout = true} every server of
 * the topic gets it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cast {
  boolean fanout() default false;
}
