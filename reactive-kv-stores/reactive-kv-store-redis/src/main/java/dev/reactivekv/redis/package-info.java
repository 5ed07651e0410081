/** The Redis and Valkey store on Lettuce: {@link dev.reactivekv.redis.RedisStore}. */
@NullMarked
package dev.reactivekv.redis;

import org.jspecify.annotations.NullMarked;
