package dev.reactivekv.tck.mutant;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.WatchContract;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import reactor.core.publisher.Flux;

/** A watch that buffers every event for a slow subscriber instead of dropping them for a RESYNC. */
class UnboundedWatchMutant extends MemoryMutant implements WatchContract {

    @Override
    protected KeyValueStore mutate(KeyValueStore memory) {
        return new ForwardingKeyValueStore(memory) {
            @Override
            public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
                return super.watch(collection, filter).onBackpressureBuffer();
            }
        };
    }
}
