package dev.bosun.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes a public method of an endpoint (a manager) as an RPC method, when the endpoint does not
 * implement an {@link RpcApi} interface that declares it. See {@link
 * RpcServer.Builder#endpoint(Object, String, String)} for the full rule.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Rpc {}
