package dev.bosun.driver;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The short name a driver implementation is chosen by in configuration, e.g. {@code volume_driver =
 * lvm}. Only read on classes registered in {@code META-INF/services/<driver kind's fully qualified
 * name>}; see {@link Drivers}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface DriverName {
  String value();
}
