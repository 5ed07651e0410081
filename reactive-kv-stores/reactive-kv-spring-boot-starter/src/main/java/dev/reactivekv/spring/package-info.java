/**
 * Spring Boot auto-configuration for reactive-kv: a {@link dev.reactivekv.KeyValueStore} bean from the
 * {@code reactivekv.*} properties, wrappers, Micrometer meters and a health indicator (docs/spring-boot.md).
 */
@NullMarked
package dev.reactivekv.spring;

import org.jspecify.annotations.NullMarked;
