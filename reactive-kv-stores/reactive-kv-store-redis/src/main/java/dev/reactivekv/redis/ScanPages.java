package dev.reactivekv.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.reactivekv.KeyPage;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pages over {@code SCAN … MATCH pattern}: at most one SCAN call per page, node after node
 * (every master of a cluster, in node-id order), never more than {@code pageSize} names per page.
 */
final class ScanPages {

    /** SCAN's COUNT is a hint of how many slots to visit; below this, sparse matches cost too many round trips. */
    private static final int MIN_COUNT = 100;
    private static final int MAX_COUNT = 1_000;
    /** Bounds one page's latency on a sparse keyspace; a short page with a cursor follows. */
    static final int MAX_STEPS_PER_PAGE = 256;

    private final Topology topology;

    ScanPages(Topology topology) {
        this.topology = topology;
    }

    /**
     * One page: SCAN steps on the current node (then the next nodes) until a full page is
     * gathered, the walk ends, or {@value #MAX_STEPS_PER_PAGE} steps were spent (then a short
     * page with a cursor). Names beyond the page size travel in the cursor.
     *
     * @param pattern  the MATCH pattern (also fingerprints the cursor)
     * @param mapBatch turns the raw keys of one SCAN step into the names to emit (may drop or dedupe)
     */
    Mono<KeyPage> page(String pattern, @Nullable String cursor, int pageSize, UnaryOperator<List<String>> mapBatch) {
        return Mono.defer(() -> {
            List<String> nodes = topology.dataNodes();
            if (nodes.isEmpty()) {
                return Mono.error(new dev.reactivekv.error.StoreUnavailableException("No Redis node holds data"));
            }
            ScanPosition at = cursor == null ? ScanPosition.start(nodes.get(0)) : ScanPosition.decode(cursor, pattern);
            int count = Math.max(MIN_COUNT, Math.min(MAX_COUNT, pageSize));
            Walk first = new Walk(at.node(), at.scanCursor(), new ArrayList<>(at.leftovers()), 0, false);
            return Mono.just(first)
                    .expand(w -> w.finished || w.names.size() >= pageSize || w.steps >= MAX_STEPS_PER_PAGE
                            ? Mono.empty() : step(w, nodes, pattern, count, mapBatch))
                    .last()
                    .map(w -> cut(pattern, w, pageSize));
        });
    }

    /** Where a page's gathering stands. {@code scan == null}: the node is exhausted. */
    private record Walk(String node, @Nullable String scan, List<String> names, int steps, boolean finished) {
    }

    private Mono<Walk> step(Walk w, List<String> nodes, String pattern, int count, UnaryOperator<List<String>> mapBatch) {
        String node = w.node();
        String scan = w.scan();
        if (scan == null || !nodes.contains(node)) {
            // next node; a node that left the cluster mid-walk is skipped (documented: keys may be missed)
            node = scan == null ? nextNode(nodes, node) : firstAtOrAfter(nodes, node);
            if (node == null) {
                return Mono.just(new Walk(w.node(), null, w.names(), w.steps(), true));
            }
            scan = "0";
        }
        String scanNode = node;
        return scanOnce(scanNode, scan, pattern, count).map(c -> {
            List<String> names = w.names();
            names.addAll(mapBatch.apply(c.getKeys()));
            String next = c.isFinished() ? null : c.getCursor();
            boolean finished = next == null && nextNode(nodes, scanNode) == null;
            return new Walk(scanNode, next, names, w.steps() + 1, finished);
        });
    }

    /** Every raw key matching the pattern on every node, one SCAN batch at a time (for destroyCollection). */
    Flux<List<String>> batches(String pattern, int count) {
        return Flux.defer(() -> Flux.fromIterable(topology.dataNodes()))
                .concatMap(node -> scanOnce(node, "0", pattern, count)
                        .expand(c -> c.isFinished() ? Mono.empty() : scanOnce(node, c.getCursor(), pattern, count)))
                .map(KeyScanCursor::getKeys)
                .filter(keys -> !keys.isEmpty());
    }

    private Mono<KeyScanCursor<String>> scanOnce(String node, String scanCursor, String pattern, int count) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(count);
        return topology.node(node).flatMap(cmds -> cmds.scan(ScanCursor.of(scanCursor), args));
    }

    private static KeyPage cut(String pattern, Walk w, int pageSize) {
        List<String> names = w.names();
        List<String> page = names.size() <= pageSize ? names : names.subList(0, pageSize);
        List<String> rest = names.size() <= pageSize ? List.of() : names.subList(pageSize, names.size());
        boolean done = rest.isEmpty() && w.finished();
        return new KeyPage(page, done ? null : new ScanPosition(w.node(), w.scan(), rest).encode(pattern));
    }

    private static @Nullable String nextNode(List<String> nodes, String node) {
        for (String n : nodes) {
            if (n.compareTo(node) > 0) {
                return n;
            }
        }
        return null;
    }

    private static @Nullable String firstAtOrAfter(List<String> nodes, String node) {
        for (String n : nodes) {
            if (n.compareTo(node) >= 0) {
                return n;
            }
        }
        return null;
    }
}
