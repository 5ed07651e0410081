package dev.reactivekv.tck.mutant;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.tck.ScanContract;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/** A scan that, when cancelled, does not stop its cursor but reads on to the end (dropping what it reads). */
class CancelIgnoringScanMutant extends MemoryMutant implements ScanContract {

    @Override
    protected KeyValueStore mutate(KeyValueStore memory) {
        return new ForwardingKeyValueStore(memory) {
            @Override
            public Flux<String> keys(String collection, ScanOptions options) {
                Flux<String> scan = super.keys(collection, options);
                return Flux.create(sink -> scan.subscribe(new BaseSubscriber<String>() {
                    @Override
                    protected void hookOnSubscribe(Subscription s) {
                        sink.onRequest(this::request);
                        sink.onCancel(() -> request(Long.MAX_VALUE));
                    }

                    @Override
                    protected void hookOnNext(String key) {
                        if (!sink.isCancelled()) {
                            sink.next(key);
                        }
                    }

                    @Override
                    protected void hookOnComplete() {
                        sink.complete();
                    }

                    @Override
                    protected void hookOnError(Throwable t) {
                        sink.error(t);
                    }
                }));
            }
        };
    }

    @Override
    public int largeScanSize() {
        return 10_000;
    }
}
