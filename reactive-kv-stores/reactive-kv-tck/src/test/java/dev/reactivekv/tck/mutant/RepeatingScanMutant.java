package dev.reactivekv.tck.mutant;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.tck.ScanContract;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import reactor.core.publisher.Flux;

/** A scan that emits some keys twice, as Redis's SCAN may, without declaring that its listing repeats keys. */
class RepeatingScanMutant extends MemoryMutant implements ScanContract {

    @Override
    protected KeyValueStore mutate(KeyValueStore memory) {
        return new ForwardingKeyValueStore(memory) {
            @Override
            public Flux<String> keys(String collection, ScanOptions options) {
                return super.keys(collection, options).concatMap(k -> k.endsWith("7") ? Flux.just(k, k) : Flux.just(k));
            }
        };
    }

    @Override
    public int largeScanSize() {
        return 10_000;
    }
}
