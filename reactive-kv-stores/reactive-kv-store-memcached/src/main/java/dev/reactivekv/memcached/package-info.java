/**
 * The memcached store: {@link dev.reactivekv.memcached.MemcachedStore}. memcached's meta protocol
 * ({@code mg}/{@code ms}/{@code md}/{@code mn}) is spoken directly over one pipelined Reactor Netty
 * connection, because no maintained non-blocking memcached client exists for the JVM.
 */
@NullMarked
package dev.reactivekv.memcached;

import org.jspecify.annotations.NullMarked;
