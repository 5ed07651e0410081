/**
 * The conformance kit. A store's test class extends {@link dev.reactivekv.tck.StoreTestSupport}
 * and implements one contract interface per capability it declares; JUnit runs every default
 * test method of every implemented contract.
 *
 * <pre>{@code
 * class RedisStoreTest extends StoreTestSupport
 *         implements BasicContract, BulkContract, TtlContract, ScanContract, BadInputContract,
 *                    ConcurrencyContract, WatchContract, ConditionalContract {
 *     protected KeyValueStore createStore(Clock clock) { return RedisStore.builder(uri).clock(clock).build(); }
 * }
 * }</pre>
 */
package dev.reactivekv.tck;
