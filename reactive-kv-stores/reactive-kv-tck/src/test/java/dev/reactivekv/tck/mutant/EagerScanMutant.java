package dev.reactivekv.tck.mutant;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.tck.ScanContract;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import reactor.core.publisher.Flux;

/** A scan that reads the whole collection before it emits the first key, whatever the demand. */
class EagerScanMutant extends MemoryMutant implements ScanContract {

    @Override
    protected KeyValueStore mutate(KeyValueStore memory) {
        return new ForwardingKeyValueStore(memory) {
            @Override
            public Flux<String> keys(String collection, ScanOptions options) {
                return super.keys(collection, options).collectList().flatMapIterable(all -> all);
            }
        };
    }

    @Override
    public int largeScanSize() {
        return 10_000;
    }
}
