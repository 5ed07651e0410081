package dev.reactivekv.bench;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;

/**
 * The cheapest possible wrapper: forwards everything. Its cost is the floor any real wrapper adds
 * (one virtual call and one more stack frame per layer).
 */
final class PassThroughWrapper extends ForwardingKeyValueStore {

    PassThroughWrapper(KeyValueStore delegate) {
        super(delegate);
    }
}
