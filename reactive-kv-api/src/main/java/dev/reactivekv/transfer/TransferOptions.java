package dev.reactivekv.transfer;

import java.util.List;

/**
 * How a {@link Transfer} runs. Immutable; the {@code with…} methods return copies.
 *
 * @param collections the collections to transfer, or empty for every collection the source lists
 * @param batchSize   entries per backend batch (one {@code ttlMany} on the source, one {@code getMany} and
 *                    one {@code putMany} on the target); at most this many times {@code concurrency}
 *                    entries are held in memory
 * @param concurrency batches in flight at once
 * @param overwrite   replace entries the target already holds instead of skipping them
 */
public record TransferOptions(List<String> collections, int batchSize, int concurrency, boolean overwrite) {

    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final int DEFAULT_CONCURRENCY = 4;

    public TransferOptions {
        collections = List.copyOf(collections);
        if (batchSize < 1 || batchSize > dev.reactivekv.ScanOptions.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("batchSize must be 1.." + dev.reactivekv.ScanOptions.MAX_PAGE_SIZE
                    + ", got " + batchSize);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive, got " + concurrency);
        }
    }

    /** Every collection, batches of {@value #DEFAULT_BATCH_SIZE}, {@value #DEFAULT_CONCURRENCY} in flight, skipping what exists. */
    public static TransferOptions defaults() {
        return new TransferOptions(List.of(), DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, false);
    }

    public TransferOptions withCollections(List<String> names) {
        return new TransferOptions(names, batchSize, concurrency, overwrite);
    }

    public TransferOptions withBatchSize(int size) {
        return new TransferOptions(collections, size, concurrency, overwrite);
    }

    public TransferOptions withConcurrency(int batches) {
        return new TransferOptions(collections, batchSize, batches, overwrite);
    }

    public TransferOptions withOverwrite(boolean replace) {
        return new TransferOptions(collections, batchSize, concurrency, replace);
    }
}
