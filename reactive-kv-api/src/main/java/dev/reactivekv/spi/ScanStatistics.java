package dev.reactivekv.spi;

/**
 * How much a store has pulled from its backend for scans; lets the conformance kit prove that
 * paging follows demand.
 *
 * @param pages how many pages were fetched
 * @param keys  how many keys those pages held
 */
public record ScanStatistics(long pages, long keys) {
}
