package dev.bosun.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The API version that introduced (or last changed) a method of an {@link RpcApi} interface. The
 * proxy sends it as the request's {@code version}, and refuses with a {@link VersionCapException},
 * before sending, when it is above the client's version cap. It must have the same major version as
 * the interface's {@link RpcApi#version()} and not be above it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Since {
  String value();
}
