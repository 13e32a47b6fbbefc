package dev.bosun.rpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The wire name of an RPC method or argument, when the automatic one (the Java name from camelCase
 * to snake_case: {@code createVolume} to {@code create_volume}, {@code volumeID} to {@code
 * volume_id}) is not what the peer uses. Parameter names come from the class file, so code must be
 * compiled with {@code -parameters} (Bosun's parent pom does) or name every argument with this
 * annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
public @interface Name {
  String value();
}
